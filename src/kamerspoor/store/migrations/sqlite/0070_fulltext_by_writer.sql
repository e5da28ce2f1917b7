-- kamerspoor store (SQLite): new paragraphs enter the full-text index once per transaction, written by the
-- store (SQLiteStore.index_pending: one INSERT ... SELECT over the paragraphs the transaction added), not by a
-- trigger per row. FTS5 flushes its pending terms to a new segment at every statement savepoint, and a
-- trigger opens one for each row: in a batched ingest the insert trigger was three quarters of the writer's
-- CPU (bench/ingest_writer.py). Deleting and updating a paragraph keep their triggers (rare, and the index
-- must see the old values). Numbered 0070 so that it cannot collide with other branches' migrations.

DROP TRIGGER IF EXISTS paragraphs_ai;

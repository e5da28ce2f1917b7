-- kamerspoor store, version 14: the ministry that owns each document, answer, commitment, Zaak and official
-- commitment (the stable id of kamerspoor/rules/ministries.yaml: bz, jenv, ...; null when nothing names one),
-- so that the accountability report (kamerspoor.verantwoording) groups by ministry; and the context of a
-- commitment (the sentence before it, when the promise refers back to it). Both are computed in Python
-- (kamerspoor.store.owners, kamerspoor.rules.commitment_phrases.context) when rows are made; rows written before this
-- version are filled in when the store is opened (kamerspoor.store.derived), and again whenever the ministries'
-- data changes (store_meta 'derived'). Numbered 14 (the issue) so as not to collide with other new migrations.

ALTER TABLE documents ADD COLUMN ministry TEXT;
ALTER TABLE answers ADD COLUMN ministry TEXT;
ALTER TABLE commitments ADD COLUMN ministry TEXT;
ALTER TABLE commitments ADD COLUMN context TEXT;
ALTER TABLE zaken ADD COLUMN ministry TEXT;
ALTER TABLE official_commitments ADD COLUMN ministry_id TEXT;

CREATE INDEX documents_ministry ON documents(ministry);
CREATE INDEX votes_result ON votes(result, date);

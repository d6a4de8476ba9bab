DROP TABLE endorsements;
DROP TABLE initiative_versions;
DROP TABLE initiatives;
DROP TABLE milestones;
DROP TABLE agreement_signatories;
DROP TABLE agreements;
DROP TABLE partnership_changes;
DROP TABLE partnerships;

-- A submission's accepted rows as the indicator computation reads them, packed many rows to a
-- block: built at its first computation from `responses` (which stays the record), read by every
-- later one. `layout` names what the computation selects (another catalogue, other blocks);
-- all the blocks of a submission and layout are written in one transaction.

CREATE TABLE response_blocks (
    submission_id  BIGINT NOT NULL REFERENCES submissions (id),
    layout         TEXT NOT NULL,
    block          INTEGER NOT NULL,
    rows           INTEGER NOT NULL,
    data           BYTEA NOT NULL,
    PRIMARY KEY (submission_id, layout, block)
);

-- Hashes of the words of stored articles' sentences (eight words or more),
-- shared by every worker: a sentence copied word for word from an article
-- of another story is found whichever worker clustered that article. The
-- primary key serves the lookups by hash.
CREATE TABLE sentences (
	hash       BIGINT NOT NULL,
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	span_start INT NOT NULL,
	span_end   INT NOT NULL,
	PRIMARY KEY (hash, article_id, span_start)
);

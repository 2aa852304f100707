// Package reuse finds which passages of a news article were copied or
// rewritten from another, and from whom.
//
// It has four parts:
//
//   - Index: corpus-wide near-duplicate detection with MinHash signatures
//     over word shingles and LSH banding.
//   - Align: passage alignment between two articles. Verbatim runs are found
//     by seed-and-extend on word shingles, runs separated by small gaps are
//     merged into edited passages, and the sentences left over are paired
//     with sentences of the other article by a learned paraphrase judge
//     (reworded passages, which covers rewrites and machine translations).
//   - Paraphrase: that judge, a small gradient-boosted tree model over
//     lexical overlap features and soft matches by word vectors (learned
//     from unlabeled news text), trained on MRPC and embedded in the
//     package.
//   - Provenance and Unmatched: within a story, what each article reuses from
//     earlier ones, its originality, and which sentences have no counterpart.
//
// Every span is a half-open byte range into the article's Text. The package
// is pure: it reads no files and touches no store, apart from the embedded
// model.
package reuse

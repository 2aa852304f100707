// Package learn holds the small machine-learning toolkit crosscheck's
// shipped models are trained with, in pure Go: gradient-boosted trees
// (logistic and softmax loss, histogram splits), sparse logistic regression
// over hashed features, and the checksummed binary file format every model
// file uses.
//
// Training is deterministic: every random choice draws from a generator
// seeded by the caller, so the same data and parameters give the same
// model bytes. Trained models are read-only and safe for concurrent use.
package learn

// Package stance classifies the stance of an article body toward a claim
// (a headline) as in the Fake News Challenge (FNC-1): the body agrees with
// the claim, disagrees with it, discusses it without taking a side, or is
// unrelated to it.
//
// A model computes hand-built features of a claim–body pair (word, bigram
// and char-gram overlap, TF-IDF cosine against the body, its lead and its
// best-matching sentences, entity and number overlap, refuting, hedging,
// supporting and negation cues near the claim's words) and feeds them to
// gradient-boosted trees in two stages: related or unrelated, then agree,
// disagree or discuss. docs/models.md gives the design and the measured
// figures. The shipped model is embedded (stance.model, built by the
// command in stance.model.txt).
//
// The package is pure: it imports only the standard library and
// crosscheck's news, text and learn packages.
package stance

// Package quote finds who said what in a news article and links the same
// remarks across the articles of a story.
//
// Extract finds direct quotes, in every common typography (“…”, "…", ‘…’,
// «…», „…“, ‚…‘, dialogue set off by dashes and doubled apostrophes;
// nested, over several paragraphs, mis-spaced), and reported speech ("X
// said that …", "according to X, …"),
// with the cue and the speaker of each. Speakers are resolved inside the
// article: a pronoun to the last compatible person, a role ("the Russian
// leader") to the person named with that role, a surname to the full name.
// SpeakerKey normalizes names across articles, and MergeSpeakers joins the
// surname-only keys of a story to the full name.
//
// Link links variants of one remark across the articles of a story and
// against other stories, and marks every quote corroborated, uncorroborated
// or transplanted. docs/quotes.md describes the method and its measured
// accuracy on PolNeAR.
//
// The package is pure: it imports only the standard library, x/text and
// crosscheck's news, text and metrics packages.
package quote

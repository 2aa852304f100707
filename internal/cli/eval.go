package cli

import "context"

// runEval dispatches "crosscheck eval NAME". Each evaluation lives in its own
// file (eval_NAME.go), reads its data set in the original format from a
// path given by flag, prints a table, and with --format json one JSON object
// keyed by snake_case metric names.
func runEval(ctx context.Context, e *Env, args []string) error {
	return subcommand(ctx, e, "eval", args, map[string]command{
		"extract":     {"main-text extraction on the Scrapinghub article-extraction benchmark", evalExtract},
		"cluster":     {"story clustering on ECB+, Emergent or FNC-1 bodies", evalCluster},
		"paraphrase":  {"the sentence rewrite judge on MRPC", evalParaphrase},
		"reuse":       {"document-level reuse on Clough & Stevenson", evalReuse},
		"align":       {"passage alignment on generated edits of FNC-1 bodies", evalAlign},
		"quotes":      {"quote and attribution extraction on PolNeAR", evalQuotes},
		"stance":      {"headline–body stance on FNC-1", evalStance},
		"clickbait":   {"clickbait headlines (Chakraborty et al. 2016)", evalClickbait},
		"splice":      {"the splice detector on generated spliced FNC-1 bodies", evalSplice},
		"credibility": {"the overall risk score on labelled fake/real corpora", evalCredibility},
		"triples":     {"the whole analysis on generated events: reports, a rewrite, a content farm", evalTriples},
	})
}

// runTrain dispatches "crosscheck train NAME".
func runTrain(ctx context.Context, e *Env, args []string) error {
	return subcommand(ctx, e, "train", args, map[string]command{
		"cluster":    {"the story clustering model", trainCluster},
		"paraphrase": {"the sentence rewrite judge", trainParaphrase},
		"stance":     {"the stance model", trainStance},
		"clickbait":  {"the clickbait model", trainClickbait},
		"splice":     {"the splice detector", trainSplice},
		"style":      {"the writing-style model of the credibility report", trainStyle},
	})
}

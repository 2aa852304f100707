package cli

import "context"

func evalSplice(ctx context.Context, e *Env, args []string) error { return notBuilt("evalSplice") }

func evalCredibility(ctx context.Context, e *Env, args []string) error {
	return notBuilt("evalCredibility")
}

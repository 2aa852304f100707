package cli

import "context"

func evalParaphrase(ctx context.Context, e *Env, args []string) error {
	return notBuilt("evalParaphrase")
}

func evalReuse(ctx context.Context, e *Env, args []string) error { return notBuilt("evalReuse") }

func evalAlign(ctx context.Context, e *Env, args []string) error { return notBuilt("evalAlign") }

func trainParaphrase(ctx context.Context, e *Env, args []string) error {
	return notBuilt("trainParaphrase")
}

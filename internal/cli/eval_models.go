package cli

import "context"

func evalStance(ctx context.Context, e *Env, args []string) error { return notBuilt("evalStance") }

func evalClickbait(ctx context.Context, e *Env, args []string) error {
	return notBuilt("evalClickbait")
}

func trainStance(ctx context.Context, e *Env, args []string) error { return notBuilt("trainStance") }

func trainClickbait(ctx context.Context, e *Env, args []string) error {
	return notBuilt("trainClickbait")
}

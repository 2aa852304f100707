package cli

import "context"

func evalCredibility(ctx context.Context, e *Env, args []string) error {
	return notBuilt("evalCredibility")
}

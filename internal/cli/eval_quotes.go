package cli

import "context"

func evalQuotes(ctx context.Context, e *Env, args []string) error { return notBuilt("evalQuotes") }

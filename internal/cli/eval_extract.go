package cli

import "context"

func evalExtract(ctx context.Context, e *Env, args []string) error { return notBuilt("evalExtract") }

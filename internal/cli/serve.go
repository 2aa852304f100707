package cli

import "context"

func runServe(ctx context.Context, e *Env, args []string) error { return notBuilt("serve") }

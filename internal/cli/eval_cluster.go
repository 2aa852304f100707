package cli

import "context"

func evalCluster(ctx context.Context, e *Env, args []string) error { return notBuilt("evalCluster") }

func trainCluster(ctx context.Context, e *Env, args []string) error { return notBuilt("trainCluster") }

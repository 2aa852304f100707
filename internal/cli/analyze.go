package cli

import "context"

func runAnalyze(ctx context.Context, e *Env, args []string) error   { return notBuilt("analyze") }
func runIngest(ctx context.Context, e *Env, args []string) error    { return notBuilt("ingest") }
func runShow(ctx context.Context, e *Env, args []string) error      { return notBuilt("show") }
func runStories(ctx context.Context, e *Env, args []string) error   { return notBuilt("stories") }
func runRecluster(ctx context.Context, e *Env, args []string) error { return notBuilt("recluster") }

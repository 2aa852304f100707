package cli

import (
	"context"
	"flag"
	"log/slog"

	"github.com/crosscheck-news/crosscheck/internal/engine"
	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/shared"
	"github.com/crosscheck-news/crosscheck/internal/store"
)

// commonFlags are the flags every command that touches the store takes.
type commonFlags struct {
	db         *string
	format     *string
	reputation *string
}

// defaultDB is the database a command uses without --db.
func defaultDB(e *Env) string {
	if def := e.Getenv("CROSSCHECK_DB"); def != "" {
		return def
	}
	return "crosscheck.db"
}

func addCommon(fs *flag.FlagSet, e *Env) commonFlags {
	c := addStoreFlags(fs, e)
	c.format = fs.String("format", "text", "output format: text or json")
	return c
}

// addReadFlags are the flags of a command that analyses nothing (show,
// stories, feeds add/list/remove): --db and --format, without
// --reputation-data, which only analysis uses.
func addReadFlags(fs *flag.FlagSet, e *Env) commonFlags {
	none := ""
	return commonFlags{
		db:         fs.String("db", defaultDB(e), "database: a SQLite file path or a postgres:// URL (env CROSSCHECK_DB)"),
		format:     fs.String("format", "text", "output format: text or json"),
		reputation: &none,
	}
}

// addStoreFlags are addCommon's flags without --format, for a command
// that prints no result (serve); its format is "text".
func addStoreFlags(fs *flag.FlagSet, e *Env) commonFlags {
	text := "text"
	return commonFlags{
		db:         fs.String("db", defaultDB(e), "database: a SQLite file path or a postgres:// URL (env CROSSCHECK_DB)"),
		format:     &text,
		reputation: fs.String("reputation-data", shared.Path("data"), "directory holding opensources/ and news_media_reliability/ for the source reputation signal"),
	}
}

// app is an open store with the analysis engine on it.
type app struct {
	Store  news.Store
	Engine *engine.Engine
}

// openApp opens the store and builds the engine with every analysis stage.
func openApp(ctx context.Context, e *Env, c commonFlags) (*app, error) {
	st, err := store.Open(ctx, *c.db)
	if err != nil {
		return nil, err
	}
	eng, err := engine.Default(ctx, st, engine.Config{ReputationDir: *c.reputation, Logger: slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		st.Close()
		return nil, err
	}
	return &app{Store: st, Engine: eng}, nil
}

func (a *app) Close() error { return a.Store.Close() }

var storeOpen = store.Open

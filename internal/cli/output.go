package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
)

// Table is a readable two-or-more-column table with a title, used by every
// eval command in text mode.
type Table struct {
	Title  string
	Header []string
	Rows   [][]string
	Notes  []string
}

// Write prints the table aligned with tabwriter.
func (t *Table) Write(w io.Writer) error {
	if t.Title != "" {
		fmt.Fprintln(w, t.Title)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(t.Header) > 0 {
		writeRow(tw, t.Header)
	}
	for _, r := range t.Rows {
		writeRow(tw, r)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range t.Notes {
		fmt.Fprintln(w, n)
	}
	return nil
}

func writeRow(w io.Writer, cells []string) {
	for i, c := range cells {
		if i > 0 {
			fmt.Fprint(w, "\t")
		}
		fmt.Fprint(w, c)
	}
	fmt.Fprintln(w)
}

// emit writes v as one indented JSON object when format is "json", and the
// table otherwise.
func emit(e *Env, format string, v any, table *Table) error {
	if format == "json" {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	return table.Write(e.Stdout)
}

// f3 formats a metric with three decimals.
func f3(x float64) string { return fmt.Sprintf("%.3f", x) }

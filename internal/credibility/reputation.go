package credibility

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/crosscheck-news/crosscheck/internal/news"
)

// Reputation is a prior per outlet from labelled outlet lists, matched by
// normalized domain.
type Reputation struct {
	entries map[string][]repEntry
	lists   []string
}

type repEntry struct {
	list, label, licence string
	risk                 float64
}

// risk of OpenSources types (0: no concern) and of MBFC factuality.
var openSourcesRisk = map[string]float64{"fake": 1, "conspiracy": 0.9, "junksci": 0.9, "hate": 0.9, "unreliable": 0.7,
	"rumor": 0.6, "clickbait": 0.5, "satire": 0.5, "bias": 0.4, "political": 0.3, "state": 0.4, "reliable": 0}
var mbfcRisk = map[string]float64{"low": 0.8, "mixed": 0.4, "high": 0}

// LoadReputation reads the lists under dir: opensources/sources.csv and
// news_media_reliability/data/*/corpus.tsv. Missing lists are skipped; a
// list that exists but cannot be read is an error naming the file.
func LoadReputation(dir string) (*Reputation, error) {
	r := &Reputation{entries: map[string][]repEntry{}}
	os1 := filepath.Join(dir, "opensources", "sources.csv")
	if rows, err := readTable(os1, ','); err == nil {
		for _, row := range rows[1:] {
			if len(row) < 2 || row[0] == "" {
				continue
			}
			label := strings.TrimSpace(row[1])
			risk := openSourcesRisk[label]
			for _, extra := range row[2:min(len(row), 4)] {
				risk = max(risk, openSourcesRisk[strings.TrimSpace(extra)])
				if e := strings.TrimSpace(extra); e != "" {
					label += ", " + e
				}
			}
			r.add(row[0], repEntry{list: "OpenSources (2017)", label: label, licence: "LGPL-3.0", risk: risk})
		}
		r.lists = append(r.lists, os1)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, sub := range []string{"acl2020", "emnlp18"} {
		p := filepath.Join(dir, "news_media_reliability", "data", sub, "corpus.tsv")
		rows, err := readTable(p, '\t')
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, row := range rows[1:] {
			if len(row) < 4 {
				continue
			}
			fact := strings.TrimSpace(row[3])
			r.add(row[1], repEntry{list: "MBFC factuality via Baly et al. (" + sub + ")", label: "factuality " + fact, licence: "no licence stated", risk: mbfcRisk[fact]})
		}
		r.lists = append(r.lists, p)
	}
	return r, nil
}

func (r *Reputation) add(domain string, e repEntry) {
	d := normDomain(domain)
	if d == "" {
		return
	}
	for _, old := range r.entries[d] {
		if old.list == e.list {
			return
		}
	}
	r.entries[d] = append(r.entries[d], e)
}

func readTable(path string, sep rune) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = sep, -1, true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) < 1 {
		return nil, fmt.Errorf("%s: empty", path)
	}
	return rows, nil
}

// normDomain lower-cases a domain or URL and drops scheme, "www." and path.
func normDomain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimPrefix(s, "www.")
}

// Lookup returns the entries for a domain or any parent domain of it.
func (r *Reputation) lookup(domain string) []repEntry {
	d := normDomain(domain)
	for d != "" {
		if e := r.entries[d]; len(e) > 0 {
			return e
		}
		i := strings.IndexByte(d, '.')
		if i < 0 || !strings.Contains(d[i+1:], ".") {
			break
		}
		d = d[i+1:]
	}
	return nil
}

// reputation reports the outlet's standing in the lists, or that it is in
// none of them (neutral).
func (as *Assessor) reputation(in Input) *news.Signal {
	if as.Reputation == nil {
		return nil
	}
	outlet := in.Article.Outlet
	if len(as.Reputation.lists) == 0 {
		return &news.Signal{Type: news.SignalSourceReputation, Severity: news.SeverityInfo,
			Explanation: "No outlet lists were loaded (--reputation-data names no folder holding opensources/ or news_media_reliability/), so the outlet's reputation was not checked."}
	}
	if outlet == "" {
		return &news.Signal{Type: news.SignalSourceReputation, Severity: news.SeverityInfo,
			Explanation: "The outlet is unknown (no URL or source given), so reputation is neutral."}
	}
	es := as.Reputation.lookup(outlet)
	if len(es) == 0 {
		return &news.Signal{Type: news.SignalSourceReputation, Severity: news.SeverityInfo,
			Explanation: fmt.Sprintf("%s is in none of the outlet lists, so reputation is neutral.", outlet)}
	}
	var risk float64
	var parts []string
	for _, e := range es {
		risk = max(risk, e.risk)
		parts = append(parts, fmt.Sprintf("%s: %s (licence: %s)", e.list, e.label, e.licence))
	}
	sev := news.SeverityInfo
	switch {
	case risk >= 0.7:
		sev = news.SeverityHigh
	case risk >= 0.4:
		sev = news.SeverityMedium
	case risk > 0:
		sev = news.SeverityLow
	}
	return &news.Signal{Type: news.SignalSourceReputation, Severity: sev, Value: risk,
		Explanation: fmt.Sprintf("%s is listed by %s.", outlet, strings.Join(parts, "; "))}
}

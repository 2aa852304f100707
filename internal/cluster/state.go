package cluster

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// stateScratch holds the buffers appendState sorts keys in.
type stateScratch struct {
	keys  []string
	terms []termWeight
}

// appendState appends the stored form of s to b: the bytes json.Marshal
// gives for the story's state, written without reflection or map copies
// (a story's state is written at every batch that adds to it). false when
// it cannot write the same (a weight that is not finite, a time json
// refuses): the state is then json.Marshal's.
func (s *story) appendState(b []byte, sc *stateScratch) ([]byte, bool) {
	var ok bool
	b = append(b, `{"tf":`...)
	if b, ok = appendVec(b, s.tf, sc); !ok {
		return b, false
	}
	b = append(b, `,"title":`...)
	if b, ok = appendVec(b, s.title, sc); !ok {
		return b, false
	}
	b = append(b, `,"names":`...)
	if b, ok = appendVec(b, s.names, sc); !ok {
		return b, false
	}
	if len(s.dates) > 0 {
		b = append(b, `,"dates":`...)
		if b, ok = appendVec(b, s.dates, sc); !ok {
			return b, false
		}
	}
	if len(s.members) > 0 {
		b = append(b, `,"members":[`...)
		for i, m := range s.members {
			if i > 0 {
				b = append(b, ',')
			}
			if b, ok = appendMember(b, m, sc); !ok {
				return b, false
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"n":`...)
	b = strconv.AppendInt(b, int64(s.n), 10)
	first, err := s.first.MarshalJSON()
	if err != nil {
		return b, false
	}
	last, err := s.last.MarshalJSON()
	if err != nil {
		return b, false
	}
	b = append(b, `,"first":`...)
	b = append(b, first...)
	b = append(b, `,"last":`...)
	b = append(b, last...)
	return append(b, '}'), true
}

// appendVec appends v as json.Marshal writes a map: null when nil, keys
// sorted; false when a weight is not finite.
func appendVec(b []byte, v vec, sc *stateScratch) ([]byte, bool) {
	if v == nil {
		return append(b, "null"...), true
	}
	keys := sc.keys[:0]
	for t := range v {
		keys = append(keys, t)
	}
	slices.Sort(keys)
	sc.keys = keys
	defer clear(keys) // no strings kept alive
	b = append(b, '{')
	for i, t := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendKey(b, t)
		var ok bool
		if b, ok = appendFloat(b, v[t]); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

// appendMember appends a member's terms as the map json.Marshal writes;
// false when a term occurs twice, which a map would have written once, or
// a weight is not finite.
func appendMember(b []byte, m member, sc *stateScratch) ([]byte, bool) {
	ps := append(sc.terms[:0], m...)
	sc.terms = ps
	defer clear(ps)
	slices.SortFunc(ps, func(x, y termWeight) int { return strings.Compare(x.t, y.t) })
	b = append(b, '{')
	for i, p := range ps {
		if i > 0 {
			if p.t == ps[i-1].t {
				return b, false
			}
			b = append(b, ',')
		}
		b = appendKey(b, p.t)
		var ok bool
		if b, ok = appendFloat(b, p.w); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

// appendKey appends t as a JSON object key and its colon: as is when
// json.Marshal would not escape any of its bytes, else as json.Marshal
// writes it.
func appendKey(b []byte, t string) []byte {
	for i := 0; i < len(t); i++ {
		if c := t[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(t)
			return append(append(b, q...), ':')
		}
	}
	b = append(b, '"')
	b = append(b, t...)
	return append(b, '"', ':')
}

// appendFloat appends a float64 as encoding/json writes it; false when it
// is not finite, which encoding/json refuses.
func appendFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

// StateLast returns the publication time of the last article of a stored
// story state (see State), without decoding its vectors.
func StateLast(state []byte) (time.Time, error) {
	var s struct {
		Last time.Time `json:"last"`
	}
	if err := json.Unmarshal(state, &s); err != nil {
		return time.Time{}, err
	}
	return s.Last, nil
}

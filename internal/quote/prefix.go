package quote

import "strings"

// PrefixKeys returns the distinct keys Link's prefilter compares for s, in
// order of first appearance: the lower-cased first five bytes of each word
// of four characters or more that starts with an ASCII letter or digit. A
// caller that keeps a window of recent documents can index its documents by
// these keys and hand Link, as others, only the documents that share rare
// keys with a story, instead of the whole window.
func PrefixKeys(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		if !isASCIIWord(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && (isASCIIWord(s[j]) || s[j] >= 0x80) {
			j++
		}
		if j-i >= 4 {
			k := strings.ToLower(s[i:min(j, i+prefixLen)])
			dup := false
			for _, x := range out {
				if x == k {
					dup = true
					break
				}
			}
			if !dup {
				out = append(out, k)
			}
		}
		i = j
	}
	return out
}

package text

import (
	"strings"
	"testing"
)

// USSpelling looks for an -our stem only in words containing "our", and
// takes the first stem it meets in a map: both are exact only if every stem
// contains "our" and none is a prefix of another.
func TestUSOurStems(t *testing.T) {
	for a := range usOur {
		if !strings.Contains(a, "our") {
			t.Errorf("stem %q lacks \"our\"", a)
		}
		for b := range usOur {
			if a != b && strings.HasPrefix(b, a) {
				t.Errorf("stem %q is a prefix of %q", a, b)
			}
		}
	}
}

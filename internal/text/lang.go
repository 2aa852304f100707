package text

import (
	"github.com/abadojack/whatlanggo"
)

// DetectLang returns the ISO 639-1 code of the language s is written in, or
// "" when the text is too short or the detector is unsure. Only the first
// 2,000 bytes are looked at.
func DetectLang(s string) string {
	if len(s) > 2000 {
		s = s[:2000]
		for len(s) > 0 && s[len(s)-1]&0xC0 == 0x80 { // do not cut a rune
			s = s[:len(s)-1]
		}
		if len(s) > 0 && s[len(s)-1] >= 0x80 {
			s = s[:len(s)-1]
		}
	}
	if len(s) < 20 {
		return ""
	}
	info := whatlanggo.Detect(s)
	if !info.IsReliable() && info.Confidence < 0.5 {
		return ""
	}
	return info.Lang.Iso6391()
}

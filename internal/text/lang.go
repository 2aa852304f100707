package text

import (
	"github.com/abadojack/whatlanggo"
)

// langOptions restricts detection to the languages news is commonly published
// in, so short texts are not labelled as Esperanto or Latin.
var langOptions = whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{
	whatlanggo.Eng: true, whatlanggo.Fra: true, whatlanggo.Deu: true, whatlanggo.Spa: true,
	whatlanggo.Ita: true, whatlanggo.Por: true, whatlanggo.Nld: true, whatlanggo.Rus: true,
	whatlanggo.Ukr: true, whatlanggo.Pol: true, whatlanggo.Tur: true, whatlanggo.Arb: true,
	whatlanggo.Cmn: true, whatlanggo.Jpn: true, whatlanggo.Kor: true, whatlanggo.Hin: true,
	whatlanggo.Swe: true, whatlanggo.Dan: true, whatlanggo.Nob: true, whatlanggo.Fin: true,
	whatlanggo.Ces: true, whatlanggo.Ron: true, whatlanggo.Hun: true, whatlanggo.Ell: true,
	whatlanggo.Heb: true, whatlanggo.Ind: true, whatlanggo.Vie: true, whatlanggo.Pes: true,
}}

// minLangConfidence is the detector confidence under which DetectLang says
// it does not know; whatlanggo gives a one-sentence German text about 0.43.
const minLangConfidence = 0.3

// DetectLang returns the ISO 639-1 code of the language s is written in, or
// "" when the text is too short or the detector is unsure. Only the first
// 2,000 bytes are looked at.
func DetectLang(s string) string {
	if len(s) > 2000 {
		cut := 2000
		for cut > 0 && s[cut]&0xC0 == 0x80 { // do not cut a rune in two
			cut--
		}
		s = s[:cut]
	}
	if len(s) < 20 {
		return ""
	}
	info := whatlanggo.DetectWithOptions(s, langOptions)
	if info.Confidence < minLangConfidence {
		return ""
	}
	return info.Lang.Iso6391()
}

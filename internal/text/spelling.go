package text

import "strings"

// USSpelling returns the American spelling of a lower-case British word
// ("colour" → "color", "criticised" → "criticized", "centre" → "center",
// "defence" → "defense", "travelled" → "traveled"), else w, so that two
// outlets' versions of one remark share their stems. Endings are folded by
// rule (-ise/-isation, -yse, -tre/-bre, -ogue) and the rest by a list:
// both versions of a word fold alike, so a rule that reaches a word with
// no American form only renames it.
func USSpelling(w string) string {
	if len(w) < 4 {
		return w
	}
	if v, ok := usWords[w]; ok {
		return v
	}
	for _, r := range usEndings {
		if strings.HasSuffix(w, r.gb) && len(w)-len(r.gb) >= r.min {
			return w[:len(w)-len(r.gb)] + r.us
		}
	}
	// "colour", "colours", "coloured", "favourite": the -our stems of the
	// list, with any ending. No stem is a prefix of another, so the
	// order of the loop does not matter.
	if !strings.Contains(w, "our") {
		return w
	}
	for stem, us := range usOur {
		if strings.HasPrefix(w, stem) {
			return us + w[len(stem):]
		}
	}
	return w
}

// usEndings are British endings with their American form and the least
// number of letters before the ending.
var usEndings = []struct {
	gb, us string
	min    int
}{
	{"isations", "izations", 2}, {"isation", "ization", 2},
	{"ising", "izing", 3}, {"ised", "ized", 3}, {"ises", "izes", 3}, {"ise", "ize", 3},
	{"ysing", "yzing", 2}, {"ysed", "yzed", 2}, {"yses", "yzes", 2}, {"yse", "yze", 2},
	{"tres", "ters", 2}, {"tre", "ter", 2}, {"bres", "bers", 2}, {"bre", "ber", 2},
	{"ogues", "ogs", 3}, {"ogue", "og", 3},
}

// usOur maps the British -our stems to their American form.
var usOur = map[string]string{
	"colour": "color", "favour": "favor", "honour": "honor", "labour": "labor", "behaviour": "behavior",
	"neighbour": "neighbor", "rumour": "rumor", "humour": "humor", "harbour": "harbor", "flavour": "flavor",
	"vapour": "vapor", "valour": "valor", "vigour": "vigor", "savour": "savor", "endeavour": "endeavor",
	"armour": "armor", "parlour": "parlor", "odour": "odor", "tumour": "tumor", "rigour": "rigor",
}

// usWords are British spellings no rule folds.
var usWords = map[string]string{
	"defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
	"programme": "program", "programmes": "programs", "cheque": "check", "cheques": "checks",
	"tyre": "tire", "tyres": "tires", "grey": "gray", "jewellery": "jewelry", "aluminium": "aluminum",
	"travelled": "traveled", "travelling": "traveling", "traveller": "traveler", "travellers": "travelers",
	"cancelled": "canceled", "cancelling": "canceling", "labelled": "labeled", "labelling": "labeling",
	"modelled": "modeled", "modelling": "modeling", "fuelled": "fueled", "fuelling": "fueling",
	"signalled": "signaled", "signalling": "signaling", "levelled": "leveled", "counselling": "counseling",
	"channelled": "channeled", "totalled": "totaled", "marvellous": "marvelous", "enrol": "enroll",
	"fulfil": "fulfill", "instalment": "installment", "skilful": "skillful", "wilful": "willful",
	"judgement": "judgment", "ageing": "aging", "manoeuvre": "maneuver", "paediatric": "pediatric",
	"oestrogen": "estrogen", "anaemia": "anemia", "encyclopaedia": "encyclopedia", "sceptical": "skeptical",
	"sceptic": "skeptic", "plough": "plow", "mould": "mold", "kerb": "curb", "storey": "story",
}

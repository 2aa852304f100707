package quote

import "strings"

// cueClass says where a reporting verb may introduce a quote.
type cueClass uint8

const (
	// cueAdjacent verbs attribute only a direct quote they stand next to
	// ("…,” he continued).
	cueAdjacent cueClass = 1 << iota
	// cueIndirect verbs also introduce reported speech ("she warned that …").
	cueIndirect
)

// cueLemmas is the cue lexicon: reporting verbs and verbs of stance that
// news writing uses to attribute words or views to a source. Entries are
// lemmas; they are matched on their Snowball stems, so "warned", "warns"
// and "warning" all match "warn". Irregular forms are listed in irregular.
var cueLemmas = map[string]cueClass{
	// speech
	"say": cueIndirect, "tell": cueIndirect, "add": cueIndirect, "assert": cueIndirect, "state": cueIndirect,
	"declare": cueIndirect, "claim": cueIndirect, "argue": cueIndirect, "insist": cueIndirect,
	"warn": cueIndirect, "note": cueIndirect, "explain": cueIndirect, "stress": cueIndirect,
	"emphasize": cueIndirect, "emphasise": cueIndirect, "announce": cueIndirect, "report": cueIndirect,
	"write": cueIndirect, "tweet": cueIndirect, "reply": cueIndirect, "respond": cueIndirect,
	"answer": cueIndirect, "ask": cueIndirect, "admit": cueIndirect, "acknowledge": cueIndirect,
	"concede": cueIndirect, "confirm": cueIndirect, "deny": cueIndirect, "suggest": cueIndirect,
	"predict": cueIndirect, "promise": cueIndirect, "vow": cueIndirect, "pledge": cueIndirect,
	"urge": cueIndirect, "contend": cueIndirect, "maintain": cueIndirect, "allege": cueIndirect,
	"recall": cueIndirect, "complain": cueIndirect, "boast": cueIndirect, "remark": cueIndirect,
	"observe": cueIndirect, "testify": cueIndirect, "reveal": cueIndirect, "disclose": cueIndirect,
	"indicate": cueIndirect, "conclude": cueIndirect, "counter": cueIndirect, "retort": cueIndirect,
	"repeat": cueIndirect, "reiterate": cueIndirect, "caution": cueIndirect, "advise": cueIndirect,
	"propose": cueIndirect, "proclaim": cueIndirect, "mention": cueIndirect, "scoff": cueIndirect,
	"threaten": cueIndirect, "demand": cueIndirect, "assure": cueIndirect, "remind": cueIndirect,
	"lament": cueIndirect, "speculate": cueIndirect, "estimate": cueIndirect, "hint": cueIndirect,
	"signal": cueIndirect, "inform": cueIndirect, "charge": cueIndirect, "agree": cueIndirect,
	"joke": cueIndirect, "quip": cueIndirect, "contest": cueIndirect, "dispute": cueIndirect,
	"accuse": cueIndirect, "blame": cueIndirect, "criticize": cueIndirect, "criticise": cueIndirect,
	"praise": cueIndirect, "question": cueIndirect, "recount": cueIndirect, "describe": cueIndirect,
	"point": cueIndirect, "call": cueIndirect, "decry": cueIndirect, "dismiss": cueIndirect,
	"underscore": cueIndirect, "highlight": cueIndirect, "denounce": cueIndirect, "condemn": cueIndirect, "express": cueIndirect, "defend": cueIndirect, "slam": cueIndirect, "tout": cueIndirect,
	"recommend": cueIndirect, "vouch": cueIndirect, "guarantee": cueIndirect, "swear": cueIndirect,
	"brag": cueIndirect, "grumble": cueIndirect, "opine": cueIndirect,
	"posit": cueIndirect, "theorize": cueIndirect, "attest": cueIndirect, "affirm": cueIndirect,
	"reaffirm": cueIndirect, "rebut": cueIndirect, "reject": cueIndirect, "rule": cueIndirect,
	"brand":    cueIndirect,
	"forecast": cueIndirect,
	// stance and cognition, which attribution corpora annotate too
	"believe": cueIndirect, "think": cueIndirect, "hope": cueIndirect, "fear": cueIndirect,
	"expect": cueIndirect, "worry": cueIndirect, "doubt": cueIndirect, "feel": cueIndirect,
	"know": cueIndirect, "want": cueIndirect, "wonder": cueIndirect, "insinuate": cueIndirect,
	"imply": cueIndirect, "show": cueIndirect, "find": cueIndirect, "suspect": cueIndirect,
	"accept": cueIndirect, "recognize": cueIndirect,
	// verbs that attribute only an adjacent direct quote
	"continue": cueAdjacent, "begin": cueAdjacent, "laugh": cueAdjacent, "smile": cueAdjacent,
	"sigh": cueAdjacent, "shout": cueAdjacent, "yell": cueAdjacent, "scream": cueAdjacent,
	"whisper": cueAdjacent, "mutter": cueAdjacent, "murmur": cueAdjacent, "snap": cueAdjacent,
	"exclaim": cueAdjacent, "interject": cueAdjacent, "chime": cueAdjacent, "cry": cueAdjacent,
	"post": cueAdjacent, "sneer": cueAdjacent, "muse": cueAdjacent, "chuckle": cueAdjacent,
	"read": cueAdjacent, "recite": cueAdjacent, "plead": cueAdjacent, "beg": cueAdjacent, "gush": cueAdjacent, "rail": cueAdjacent,
	"offer": cueAdjacent, "put": cueAdjacent, "go": cueAdjacent, "refer": cueAdjacent,
	"dub": cueAdjacent, "label": cueAdjacent, "term": cueAdjacent, "chant": cueAdjacent,
	// the verbs machine translation carries over from French, Spanish,
	// Italian or German reporting ("…,” rejoiced the mayor; “…,”
	// regretted the coach), which English reserves for other uses
	"rejoice": cueAdjacent, "regret": cueAdjacent, "deplore": cueAdjacent, "underline": cueAdjacent,
	"specify": cueAdjacent, "precise": cueAdjacent, "welcome": cueAdjacent, "pursue": cueAdjacent,
	"detail": cueAdjacent, "hammer": cueAdjacent, "launch": cueAdjacent, "clarify": cueAdjacent,
	"summarize": cueAdjacent, "summarise": cueAdjacent, "nuance": cueAdjacent, "temper": cueAdjacent,
	"confide": cueAdjacent, "confess": cueAdjacent, "relate": cueAdjacent, "narrate": cueAdjacent,
	"reassure": cueAdjacent, "evoke": cueAdjacent,
}

// irregular maps irregular verb forms to their lemma.
var irregular = map[string]string{
	"said": "say", "says": "say", "saying": "say",
	"told": "tell", "tells": "tell", "telling": "tell",
	"wrote": "write", "written": "write", "writes": "write", "writing": "write",
	"thought": "think", "thinks": "think", "thinking": "think",
	"felt": "feel", "feels": "feel",
	"knew": "know", "known": "know", "knows": "know",
	"began": "begin", "begun": "begin", "begins": "begin",
	"swore": "swear", "sworn": "swear",
	"found": "find", "finds": "find",
	"shown": "show", "showed": "show",
	"cried": "cry", "cries": "cry",
	"went": "go", "goes": "go",
	"pled": "plead",
	"read": "read",
}

// cueLemma maps every inflected form of a cue to its lemma.
var cueLemma = func() map[string]string {
	m := make(map[string]string, 6*len(cueLemmas))
	for w := range cueLemmas {
		for _, f := range inflections(w) {
			m[f] = w
		}
	}
	for f, l := range irregular {
		m[f] = l
	}
	return m
}()

// infinitiveLemmas report an intention or a demand whose content is an
// infinitive clause ("vowed to punish …").
var infinitiveLemmas = map[string]bool{
	"vow": true, "promise": true, "pledge": true, "threaten": true, "urge": true, "agree": true,
	"want": true, "hope": true, "expect": true, "offer": true, "ask": true, "demand": true,
	"swear": true, "propose": true, "recommend": true,
}

// cueForms maps every inflected form of a cue lemma (regular morphology,
// over-generated, plus the irregular table) to its class.
var cueForms = func() map[string]cueClass {
	m := make(map[string]cueClass, 6*len(cueLemmas))
	for w, c := range cueLemmas {
		for _, f := range inflections(w) {
			m[f] |= c
		}
	}
	for f, l := range irregular {
		m[f] |= cueLemmas[l]
	}
	return m
}()

// inflections returns the regular forms of a verb lemma: -s, -ed and -ing,
// with the final consonant doubled or not and a final e or y handled.
func inflections(w string) []string {
	out := []string{w}
	n := len(w)
	last := w[n-1]
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	switch {
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z") || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh"):
		out = append(out, w+"es")
	case last == 'y' && n > 1 && !vowel(w[n-2]):
		out = append(out, w[:n-1]+"ies")
	default:
		out = append(out, w+"s")
	}
	switch {
	case last == 'e':
		out = append(out, w+"d", w[:n-1]+"ing")
	case last == 'y' && n > 1 && !vowel(w[n-2]):
		out = append(out, w[:n-1]+"ied", w+"ing")
	default:
		out = append(out, w+"ed", w+"ing")
		if n > 2 && !vowel(last) && vowel(w[n-2]) && !vowel(w[n-3]) && last != 'w' && last != 'x' && last != 'y' {
			out = append(out, w+string(last)+"ed", w+string(last)+"ing")
		}
	}
	return out
}

// ambiguousForms are cue forms that are nouns or adjectives in news text
// at least as often as verbs ("claims", "report", "alleged"); they count as
// cues only next to a subject or before "that".
var ambiguousForms = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`state states report reports reporting reported question questions
	answer answers call calls calling note notes charge charges signal signals point points counter
	counters demand demands fear fears hope hopes doubt doubts worry worries show shows stress promise
	promises claim claims estimate estimates find finding findings read reading reads offer offers offering
	go going put puts putting begin beginning cry joke jokes remark remarks pledge pledges vow vows snap
	knowing known thinking feeling want wants wanting know think feel believe expect suspect suspects
	rail recall recalls accept accepted highlight highlights blame praise alleged post posts posted tweet
	tweets rule rules ruling label labels term terms reply replies urge mention mentions hint hints
	forecast forecasts dispute disputes contest contests repeat warning warnings signaled signalled
	charged brand brands branded`) {
		m[w] = true
	}
	return m
}()

// lookupCue returns the cue class of a lower-case word, or 0, and whether
// the form is ambiguous between a verb and a noun or adjective.
func lookupCue(lower string) (cueClass, bool) {
	c := cueForms[lower]
	if c == 0 {
		return 0, false
	}
	return c, ambiguousForms[lower]
}

// pronouns that can stand for a speaker, with their grammatical gender
// ('m', 'f', 'n' for neuter or plural, '?' for either).
var pronouns = map[string]byte{
	"he": 'm', "she": 'f', "they": 'n', "it": 'n', "i": '?', "we": 'n', "you": '?', "who": '?',
	"him": 'm', "her": 'f', "them": 'n',
}

// subjectPronouns may be the subject of a reporting verb.
var subjectPronouns = map[string]bool{"he": true, "she": true, "they": true, "it": true, "i": true, "we": true, "you": true, "who": true}

// honorifics precede a name and carry gender when they can.
var honorifics = map[string]byte{
	"mr": 'm', "mrs": 'f', "ms": 'f', "miss": 'f', "mx": '?', "sir": 'm', "dame": 'f', "lord": 'm',
	"lady": 'f', "dr": '?', "prof": '?', "professor": '?', "rev": '?', "mister": 'm', "madam": 'f',
	"herr": 'm', "frau": 'f', "monsieur": 'm', "madame": 'f', "señor": 'm', "señora": 'f',
}

// titles are role nouns that precede a name ("President Vladimir Putin",
// "press secretary Josh Earnest") or head a role mention ("the port's
// director"). Lower-case.
var titles = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`president vice prime minister secretary senator sen gov governor rep
	representative congressman congresswoman mayor director chief justice judge general gen colonel col
	lieutenant lt major maj captain capt sergeant sgt admiral adm commander cmdr officer leader spokesman
	spokeswoman spokesperson chairman chairwoman chair ceo cfo coo founder chancellor premier king queen
	prince princess pope bishop archbishop cardinal rabbi imam pastor father sheikh emir ambassador envoy
	commissioner attorney prosecutor counsel candidate nominee manager coach president-elect speaker
	head executive official analyst economist professor researcher scientist expert author lawyer
	doctor dr nurse sheriff inspector detective agent activist advocate campaigner strategist adviser
	advisor aide consultant pollster editor columnist reporter correspondent anchor host historian
	minister-president mp mep deputy assistant associate superintendent principal dean provost
	trustee councillor councilor councilman councilwoman alderman delegate lawmaker legislator
	governor-general premier-elect owner operator engineer inspector-general surgeon dictator tsar
	czar boss magnate tycoon billionaire mogul businessman businesswoman entrepreneur investor
	director-general secretary-general comptroller treasurer auditor clerk registrar marshal
	commandant warden superintendent physician psychologist psychiatrist sociologist
	spokesmen spokeswomen officials leaders experts analysts lawyers residents witnesses
	monarch emperor empress crown sultan ayatollah chieftain hon honorable`) {
		m[w] = true
	}
	return m
}()

// roleSynonyms groups role nouns that news writing uses for one another
// ("the Russian leader" for a president).
var roleSynonyms = map[string]string{
	"president": "leader", "premier": "leader", "chancellor": "leader", "king": "leader",
	"queen": "leader", "prime": "leader", "leader": "leader", "head": "leader", "chief": "leader",
	"emperor": "leader", "monarch": "leader", "dictator": "leader", "sultan": "leader",
	"chairman": "chair", "chairwoman": "chair", "chair": "chair",
	"spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
	"director": "director", "director-general": "director", "boss": "director", "manager": "director",
	"ceo": "director", "executive": "director",
	"senator": "senator", "sen": "senator", "governor": "governor", "gov": "governor",
	"lawyer": "lawyer", "attorney": "lawyer", "counsel": "lawyer",
	"minister": "minister", "secretary": "secretary",
	"adviser": "adviser", "advisor": "adviser", "aide": "adviser", "consultant": "adviser",
	"envoy": "ambassador", "ambassador": "ambassador",
	"professor": "professor", "prof": "professor", "researcher": "professor", "scientist": "professor",
	"economist": "professor", "analyst": "professor", "expert": "professor",
}

// roleClass returns the synonym class of a role noun, or the noun itself.
func roleClass(w string) string {
	if c, ok := roleSynonyms[w]; ok {
		return c
	}
	return w
}

// orgWords mark a capitalised sequence as an organisation or a place rather
// than a person.
var orgWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`states state federation republic kingdom union nations house news
	committee party department ministry university institute council agency company inc corp corporation
	ltd llc bank court congress senate parliament times post journal press group association office
	administration government foundation commission fund board service services organization
	organisation church army navy police force forces center centre hospital school college club
	airlines airways motors media network channel tv radio street avenue city county province region
	island islands sea ocean river mountains east west north south middle america europe asia africa
	kremlin pentagon whitehouse nato un eu fbi cia gop ap afp reuters cnn bbc nbc abc cbs fox msnbc
	associated international national federal global campaign coalition alliance trust council
	ministry embassy consulate cabinet assembly tribunal bureau authority authorities reserve
	exchange market markets index airport port station square park hall museum library`) {
		m[w] = true
	}
	return m
}()

// nameParticles may appear in lower case inside a personal name.
var nameParticles = map[string]bool{
	"de": true, "da": true, "di": true, "del": true, "della": true, "van": true, "von": true, "der": true,
	"den": true, "la": true, "le": true, "bin": true, "ibn": true, "al": true, "el": true, "dos": true,
	"das": true, "du": true, "ter": true, "ten": true, "y": true, "st": true,
}

// determiners open a role noun phrase ("the port's director", "a spokesman").
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "his": true, "her": true, "their": true, "its": true, "our": true,
	"this": true, "that": true, "these": true, "those": true, "another": true, "one": true, "some": true,
	"many": true, "several": true, "two": true, "three": true, "both": true, "most": true, "other": true,
	"few": true, "all": true, "each": true, "every": true, "no": true, "my": true, "your": true,
}

// adverbs and auxiliaries that may stand between a speaker and the verb
// ("Putin also said", "officials have repeatedly warned").
var cueModifiers = map[string]bool{
	"also": true, "later": true, "then": true, "previously": true, "reportedly": true, "once": true,
	"again": true, "already": true, "often": true, "has": true, "have": true, "had": true, "was": true,
	"were": true, "is": true, "are": true, "would": true, "will": true, "could": true, "may": true,
	"might": true, "did": true, "does": true, "do": true, "not": true, "never": true, "still": true,
	"further": true, "just": true, "even": true, "only": true, "recently": true, "earlier": true,
	"subsequently": true, "quickly": true, "simply": true, "flatly": true, "openly": true, "been": true,
	"be": true, "being": true, "should": true, "can": true, "must": true, "shall": true, "first": true,
	"'s": true, "n't": true, "nonetheless": true, "however": true, "too": true,
}

// clauseStops end a noun phrase scan: conjunctions, relative words and
// prepositions that introduce a clause.
var clauseStops = map[string]bool{
	"and": true, "but": true, "or": true, "nor": true, "that": true, "which": true, "while": true,
	"as": true, "because": true, "if": true, "when": true, "after": true, "before": true, "since": true,
	"so": true, "than": true, "where": true, "whereas": true, "although": true, "though": true,
	"unless": true, "until": true, "whether": true, "yet": true, "to": true, "by": true, "with": true,
	"in": true, "on": true, "at": true, "from": true, "into": true, "about": true, "over": true,
	"under": true, "during": true, "why": true, "how": true, "what": true, "whom": true, "whose": true,
	"not": true, "there": true, "here": true, "also": true, "then": true,
}

// speakerStops may not start or be a speaker noun phrase.
var speakerStops = map[string]bool{
	"there": true, "what": true, "which": true, "that": true, "here": true, "so": true,
	"now": true, "then": true, "and": true, "but": true, "or": true, "if": true, "as": true, "not": true,
	"it's": true, "is": true, "was": true, "be": true, "been": true, "to": true, "of": true, "for": true,
	"out": true, "up": true, "off": true, "down": true, "back": true, "away": true, "forward": true,
}

// adjunctWords may stand between a cue and the reported clause ("said on
// Thursday that", "told reporters Monday").
var adjunctWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`on in at during last this next week weekend month year yesterday today
	tonight earlier later monday tuesday wednesday thursday friday saturday sunday morning afternoon evening
	night recently again also repeatedly previously publicly privately separately late early
	january february march april may june july august september october november december`) {
		m[w] = true
	}
	return m
}()

// objectWords are indirect objects of "told" and similar verbs.
var objectWords = map[string]bool{
	"reporters": true, "journalists": true, "him": true, "her": true, "them": true, "us": true, "me": true,
	"supporters": true, "lawmakers": true, "congress": true, "parliament": true, "crowd": true, "audience": true, "viewers": true,
	"readers": true, "listeners": true, "members": true, "voters": true, "senators": true,
	"police": true, "officers": true, "detectives": true, "investigators": true, "prosecutors": true,
	"jurors": true,
}

package quote

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/crosscheck-news/crosscheck/internal/text"
)

// person is one named entity of an article that can speak.
type person struct {
	name   string          // the fullest form of the name found
	key    string          // SpeakerKey(name)
	words  []string        // lower-case name words, without initials
	roles  map[string]bool // lower-case words of titles and appositives
	gender byte            // 'm', 'f' or 0 when unknown
	org    bool            // an organisation or place rather than a person
	first  int             // byte offset of its first mention
}

// registry holds the people an article names, and the sentence subjects
// and speakers that pronouns may refer to.
type registry struct {
	people []*person
	byKey  map[string]*person
	// byWord indexes people by each word of their names, for mentions by
	// surname ("Putin") or first name.
	byWord map[string][]*person
	// salient lists the people who were the subject of a sentence or a
	// speaker, by byte offset, for pronoun resolution.
	salient []salience
	// unnamed holds the people introduced by an indefinite role noun
	// phrase ("a police spokesman"), by the token that opens it.
	unnamed map[int]*person
}

type salience struct {
	pos int
	p   *person
}

// nameCore splits the capitalised run [s, e) into the title words before
// the name and the name itself: "Russian President Vladimir Putin" gives
// titles {russian, president} and the name "Vladimir Putin".
func (x *extractor) nameCore(s, e int) (cs int, titleWords []string, gender byte) {
	cs = s
	for k := s; k < e-1; k++ {
		w := strings.TrimSuffix(x.toks[k].Lower, "'s")
		if titles[w] || honorifics[w] > 0 || determiners[w] {
			cs = k + 1
		}
	}
	for k := s; k < cs; k++ {
		w := x.toks[k].Lower
		if g := honorifics[w]; g == 'm' || g == 'f' {
			gender = g
		}
		if !determiners[w] {
			titleWords = append(titleWords, w)
		}
	}
	// Lower-case titles before the run: "press secretary Josh Earnest".
	for k := s - 1; k >= 0 && s-k <= 4 && x.plainGap(k+1); k-- {
		w := x.toks[k].Lower
		if x.toks[k].cap || !(titles[w] || isPossessive(w)) {
			break
		}
		titleWords = append(titleWords, w)
	}
	return cs, titleWords, gender
}

// nameText returns the name written by tokens [s, e), without a final
// possessive.
func (x *extractor) nameText(s, e int) string {
	n := x.t[x.toks[s].Span.Start:x.toks[e-1].Span.End]
	n = strings.TrimSuffix(n, "'s")
	n = strings.TrimSuffix(n, "’s")
	return n
}

// capRun returns the end of the run of capitalised name tokens that starts
// at i.
func (x *extractor) capRun(i int) int {
	k := i + 1
	for k < len(x.toks) && x.plainGap(k) {
		t := x.toks[k]
		if t.cap && !speakerStops[t.Lower] && x.toks[k-1].sent == t.sent {
			k++
			continue
		}
		if nameParticles[t.Lower] && k+1 < len(x.toks) && x.toks[k+1].cap && x.plainGap(k+1) {
			k++
			continue
		}
		break
	}
	return k
}

// buildRegistry collects the names of the article: runs of capitalised
// words of two or more name words, with their titles and appositives.
func (x *extractor) buildRegistry() {
	r := &registry{byKey: map[string]*person{}, byWord: map[string][]*person{}}
	x.people = r
	for i := 0; i < len(x.toks); {
		if !x.toks[i].cap || x.toks[i].Number {
			i++
			continue
		}
		e := x.capRun(i)
		s := i
		i = e
		// A capitalised sentence opener is a name only when another name
		// word follows ("The" and "But" are not names).
		if determiners[x.toks[s].Lower] || introWords[x.toks[s].Lower] || clauseStops[x.toks[s].Lower] || subjectPronouns[x.toks[s].Lower] {
			s++
		}
		if e-s < 1 {
			continue
		}
		cs, tw, g := x.nameCore(s, e)
		if e-cs >= 3 && x.orgFirst(cs) {
			// "the chief of Medora Hendrik Bosman", as translations write
			// it: the organisation named before ("Medora Health"), then
			// the person.
			cs++
		}
		if e-cs < 2 {
			if e-cs == 1 && (len(tw) > 0 || g != 0) {
				// "Mr. Putin", "President Trump": record the title or
				// gender on the person named elsewhere.
				x.notePartial(cs, e, tw, g)
			}
			continue
		}
		p := x.addPerson(cs, e)
		if g != 0 {
			p.gender = g
		}
		for _, w := range tw {
			p.roles[w] = true
		}
		x.appositive(e, p)
	}
	// A single-word mention refers to the person named in full; record the
	// people that pronouns may refer to: sentence subjects.
	for si := range x.sents {
		a := x.tokAt(x.sents[si].Span.Start)
		if a >= len(x.toks) || x.toks[a].Span.Start >= x.sents[si].Span.End || x.headline(si) {
			continue
		}
		b := x.tokAt(x.sents[si].Span.End)
		if s, e, ok := x.subjectOf(si, b); ok && e > s {
			if p := x.personOf(s, e, x.toks[s].Span.Start); p != nil && !p.org {
				r.salient = append(r.salient, salience{x.toks[s].Span.Start, p})
			} else if p, at := x.apposedPerson(e, b); p != nil {
				// "A survivor, the truck driver Stefan Aalto, was in the
				// bar": the name set off after a role subject is the
				// subject, whom a later "he told" means.
				r.salient = append(r.salient, salience{at, p})
			} else if p := x.unnamedSpeaker(s, b, false); p != nil {
				// "A spokesman for the ministry defended the cuts. “…,”
				// he said": he is the spokesman, not the last person
				// named before.
				r.salient = append(r.salient, salience{x.toks[s].Span.Start, p})
			}
		} else if x.toks[a].cap {
			e := x.capRun(a)
			if p := x.personOf(a, e, x.toks[a].Span.Start); p != nil && !p.org {
				r.salient = append(r.salient, salience{x.toks[a].Span.Start, p})
			}
		}
	}
}

// apposedPerson returns the person named at the end of an apposition set
// off by commas after a subject ending at token e (before b): ", the truck
// driver Stefan Aalto," — and the byte offset of the name; nil when there
// is none.
func (x *extractor) apposedPerson(e, b int) (*person, int) {
	if e >= b || !strings.HasPrefix(strings.TrimSpace(x.gap(e)), ",") {
		return nil, 0
	}
	for m := e; m < b && m < e+6; m++ {
		if m > e && !x.plainGap(m) {
			return nil, 0
		}
		if !x.toks[m].cap || determiners[x.toks[m].Lower] {
			continue
		}
		ne := x.capRun(m)
		if ne >= b || !strings.HasPrefix(strings.TrimSpace(x.gap(ne)), ",") {
			return nil, 0 // no closing comma: not an apposition
		}
		if p := x.personOf(m, ne, x.toks[m].Span.Start); p != nil && !p.org {
			return p, x.toks[m].Span.Start
		}
		return nil, 0
	}
	return nil, 0
}

// orgFirst reports whether token k is the first word of a name already
// registered with another second word ("Medora" of "Medora Health" before
// "Medora Hendrik Bosman"; not "Donald" of "Donald Trump" before "Donald
// Trump Jr"), an organisation's or at least no first name of a person's:
// "Maria Garcia" before "Maria Elena Lopez" is two people.
func (x *extractor) orgFirst(k int) bool {
	if k+1 >= len(x.toks) {
		return false
	}
	w := foldKey(strings.TrimSuffix(x.toks[k].Lower, "'s"))
	if firstNameGender(x.toks[k].Lower) != 0 && !slices.ContainsFunc(x.people.byWord[w], func(p *person) bool { return p.org }) {
		return false
	}
	next := foldKey(strings.TrimSuffix(x.toks[k+1].Lower, "'s"))
	for _, p := range x.people.byWord[w] {
		if len(p.words) >= 2 && p.words[0] == w && p.words[1] != next && p.first < x.toks[k].Span.Start {
			return true
		}
	}
	return false
}

// headline reports whether sentence si is an article's first paragraph
// standing alone without a full stop, as headlines do: the capitalised
// words it opens with ("Carrow Brake RECALL: Is YOUR Car …") are no
// subject that a later "she said" means.
func (x *extractor) headline(si int) bool {
	s := x.sents[si]
	if s.Para != 0 || si+1 < len(x.sents) && x.sents[si+1].Para == 0 {
		return false
	}
	t := x.t[s.Span.Start:s.Span.End]
	if strings.ContainsAny(t, "“”\"") {
		return false // a lead that quotes someone ("… asked the council: “Who will pay?”")
	}
	return !strings.HasSuffix(strings.TrimRight(t, " '’"), ".")
}

// addPerson registers the name written by tokens [s, e) and returns its
// person, merging it with a person already known under a shorter form.
func (x *extractor) addPerson(s, e int) *person {
	r := x.people
	name := x.nameText(s, e)
	key := x.keyOf(s, e)
	if p, ok := r.byKey[key]; ok {
		if len(name) > len(p.name) {
			p.name = name
		}
		return p
	}
	p := &person{name: name, key: key, roles: map[string]bool{}, first: x.toks[s].Span.Start}
	p.words = strings.Fields(key)
	lower := false
	for k := s; k < e; k++ {
		if orgWords[strings.TrimSuffix(x.toks[k].Lower, "'s")] {
			p.org = true
		}
		if x.toks[k].Text != strings.ToUpper(x.toks[k].Text) {
			lower = true
		}
	}
	if !lower { // "U.S", "NATO": an acronym
		p.org = true
	}
	if g := firstNameGender(x.toks[s].Lower); g != 0 {
		p.gender = g
	}
	r.people = append(r.people, p)
	r.byKey[key] = p
	for _, w := range p.words {
		r.byWord[w] = append(r.byWord[w], p)
	}
	return p
}

// notePartial records the titles and gender of "Mr. Putin" on the person
// whose surname it is.
func (x *extractor) notePartial(s, e int, tw []string, g byte) {
	w := strings.TrimSuffix(x.toks[s].Lower, "'s")
	w = strings.TrimSuffix(w, "’s")
	ps := x.people.byWord[foldKey(w)]
	if len(ps) != 1 {
		return
	}
	p := ps[0]
	if g != 0 && p.gender == 0 {
		p.gender = g
	}
	for _, t := range tw {
		p.roles[t] = true
	}
}

// appositive records the role of "Elena Marsh, the port's director," on p:
// a determiner phrase between commas right after the name.
func (x *extractor) appositive(e int, p *person) {
	if e >= len(x.toks) || !strings.HasPrefix(strings.TrimSpace(x.gap(e)), ",") {
		return
	}
	k := e
	if !determiners[x.toks[k].Lower] && !titles[x.toks[k].Lower] {
		return
	}
	for n := 0; k < len(x.toks) && n < 8; n++ {
		if k > e && !x.plainGap(k) {
			break
		}
		w := strings.TrimSuffix(x.toks[k].Lower, "'s")
		if !determiners[w] {
			p.roles[w] = true
		}
		k++
	}
}

// personOf resolves the name mention [s, e) at byte pos to a person, or nil.
func (x *extractor) personOf(s, e, pos int) *person {
	for s < e && (determiners[x.toks[s].Lower] || !x.toks[s].cap) {
		s++
	}
	if s >= e {
		return nil
	}
	cs, _, _ := x.nameCore(s, e)
	if e-cs >= 3 && x.orgFirst(cs) {
		cs++ // as buildRegistry reads "Medora Hendrik Bosman"
	}
	if cs >= e {
		return nil
	}
	key := x.keyOf(cs, e)
	if key == "" {
		return nil
	}
	r := x.people
	if p, ok := r.byKey[key]; ok {
		return p
	}
	words := strings.Fields(key)
	// A mention by surname or first name: the person of that name
	// mentioned last before pos, else first after it.
	cands := r.byWord[words[len(words)-1]]
	if len(words) > 1 {
		var keep []*person
		for _, p := range cands {
			if containsAll(p.words, words) {
				keep = append(keep, p)
			}
		}
		cands = keep
	}
	var best *person
	for _, p := range cands {
		if p.first <= pos && (best == nil || best.first > pos || p.first > best.first) {
			best = p
		} else if best == nil {
			best = p
		}
	}
	return best
}

// containsAll reports whether every word of sub is in words.
func containsAll(words, sub []string) bool {
	for _, s := range sub {
		found := false
		for _, w := range words {
			if w == s {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// resolve sets the speaker name and key of every candidate: names to the
// fullest form in the article, pronouns to the last compatible salient
// person, roles to the person that bears the role.
func (x *extractor) resolve() {
	x.buildRegistry()
	r := x.people
	order := make([]int, 0, len(x.cands))
	for i := range x.cands {
		if !x.cands[i].drop && x.cands[i].hasSpeaker() {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(a, b int) bool {
		return x.toks[x.cands[order[a]].spkS].Span.Start < x.toks[x.cands[order[b]].spkS].Span.Start
	})
	// Named speakers are salient too.
	for _, i := range order {
		c := &x.cands[i]
		if p := x.mentionPerson(c.spkS, c.spkE, false); p != nil && !p.org {
			r.salient = append(r.salient, salience{x.toks[c.spkS].Span.Start, p})
		}
	}
	sort.SliceStable(r.salient, func(a, b int) bool { return r.salient[a].pos < r.salient[b].pos })
	// So are speakers named by their role ("According to the judge, …”
	// she wrote"): a pronoun after them means them. A role resolves
	// against the named mentions before it, so this comes second.
	var roles []salience
	for _, i := range order {
		c := &x.cands[i]
		if x.isPronounMention(c.spkS, c.spkE) || x.mentionPerson(c.spkS, c.spkE, false) != nil {
			continue
		}
		p := x.rolePerson(c.spkS, c.spkE, x.toks[c.spkS].Span.Start)
		if p == nil {
			p = x.unnamedSpeaker(c.spkS, c.spkE, true)
			if p != nil && c.roleAfter {
				// "…,” a spokesman for the club said": the sentence's
				// subject made the person first; it is named as the
				// mention is, so that its later quotes ("she added")
				// share the name.
				p.name, p.key = x.mentionText(c.spkS, c.spkE), ""
				if x.toks[c.spkE-1].cap {
					p.key = SpeakerKey(p.name)
				}
			}
		}
		if p != nil && !p.org {
			roles = append(roles, salience{x.toks[c.spkS].Span.Start, p})
		}
	}
	if len(roles) > 0 {
		r.salient = append(r.salient, roles...)
		sort.SliceStable(r.salient, func(a, b int) bool { return r.salient[a].pos < r.salient[b].pos })
	}
	for _, i := range order {
		c := &x.cands[i]
		p := x.mentionPerson(c.spkS, c.spkE, true)
		switch {
		case p != nil:
			c.name, c.key = p.name, p.key
		case x.isPronounMention(c.spkS, c.spkE) || strings.TrimSpace(x.mentionText(c.spkS, c.spkE)) == "":
			// unresolved pronoun: no name
		default:
			c.name = x.mentionText(c.spkS, c.spkE)
			if x.toks[c.spkE-1].cap {
				c.key = SpeakerKey(c.name)
			}
		}
	}
}

// isPronounMention reports whether the mention is a single pronoun.
func (x *extractor) isPronounMention(s, e int) bool {
	return e-s == 1 && pronouns[pronounForm(x.toks[s].Lower)] != 0
}

// pronounForm returns the pronoun of a contracted subject ("he’s" → "he"),
// else w.
func pronounForm(w string) string {
	if contractedSubject(w) {
		return w[:strings.IndexAny(w, "'’")]
	}
	return w
}

// mentionText returns the mention without a leading determiner.
func (x *extractor) mentionText(s, e int) string {
	for s < e-1 && determiners[x.toks[s].Lower] {
		s++
	}
	return x.nameText(s, e)
}

// mentionPerson resolves the speaker mention [s, e) to a person. With
// pronouns false it resolves names only.
func (x *extractor) mentionPerson(s, e int, pronounsToo bool) *person {
	pos := x.toks[s].Span.Start
	if e-s == 1 {
		w := pronounForm(x.toks[s].Lower)
		if g, ok := pronouns[w]; ok {
			if !pronounsToo {
				return nil
			}
			switch w {
			case "he", "she", "him", "her":
				return x.salientBefore(pos, g)
			case "who":
				// The antecedent: the noun phrase before ", who".
				if s > 0 && strings.Contains(x.gap(s), ",") {
					if a, b, ok := x.npLeft(s-1, max(0, s-8)); ok && !(b-a == 1 && pronouns[x.toks[a].Lower] != 0) {
						return x.mentionPerson(a, b, false)
					}
				}
			}
			return nil
		}
	}
	// A name: any capitalised word that is not a title.
	hasName := false
	for k := s; k < e; k++ {
		w := strings.TrimSuffix(x.toks[k].Lower, "'s")
		if x.toks[k].cap && !titles[w] && honorifics[w] == 0 && !determiners[w] {
			hasName = true
		}
	}
	if hasName && x.toks[e-1].cap {
		if p := x.personOf(s, e, pos); p != nil {
			return p
		}
		return nil
	}
	if !pronounsToo {
		return nil
	}
	return x.rolePerson(s, e, pos)
}

// salientBefore returns the last salient person before pos whose gender
// is compatible with g.
func (x *extractor) salientBefore(pos int, g byte) *person {
	sal := x.people.salient
	i := sort.Search(len(sal), func(i int) bool { return sal[i].pos >= pos })
	for j := i - 1; j >= 0 && j >= i-12; j-- {
		p := sal[j].p
		if p.org {
			continue
		}
		if p.gender != 0 && (g == 'm' || g == 'f') && p.gender != g {
			continue
		}
		return p
	}
	return nil
}

// rolePerson resolves a role mention ("the Russian leader", "the port's
// director") to the person of the article who bears that role: same role
// noun or synonym, most modifiers in common, mentioned last before pos.
func (x *extractor) rolePerson(s, e, pos int) *person {
	head := strings.TrimSuffix(x.toks[e-1].Lower, "'s")
	if indefinite(x.toks[s].Lower) {
		// "Obi Ezekwesili, a former education minister said": an
		// appositive whose closing comma is missing describes the name
		// before it; any other "a police spokesman said" is someone
		// not named before.
		if s > 0 && x.toks[s-1].cap && strings.Contains(x.gap(s), ",") {
			a := s - 1
			for a > 0 && x.toks[a-1].cap && x.plainGap(a) {
				a--
			}
			if p := x.personOf(a, s, x.toks[a].Span.Start); p != nil && !p.org {
				return p
			}
		}
		return nil
	}
	if isAgeNoun(head) {
		// "the 54-year-old said": the person the text gives that age.
		if e-s == 2 && x.toks[s].Lower == "the" {
			return x.agedPerson(strings.TrimSuffix(head, "-year-old"), pos)
		}
		return nil
	}
	cls := roleClass(head)
	if !titles[head] && roleSynonyms[head] == "" {
		return nil
	}
	if pluralRole(head) {
		return nil // "lawyers said": a group, not one person of the text
	}
	var mods []string
	for k := s; k < e-1; k++ {
		w := strings.TrimSuffix(x.toks[k].Lower, "'s")
		if !determiners[w] {
			mods = append(mods, w)
		}
	}
	var best *person
	bestScore, bestPos := -1, -1
	for _, p := range x.people.people {
		if p.org || !hasRoleClass(p, head, cls) {
			continue
		}
		score := 0
		for _, m := range mods {
			if p.roles[m] || p.roles[m+"'s"] {
				score++
			}
		}
		lp := x.lastMention(p, pos)
		if lp < 0 {
			continue // named only after the mention: a role looks back
		}
		if score > bestScore || score == bestScore && lp > bestPos {
			best, bestScore, bestPos = p, score, lp
		}
	}
	if best != nil && (bestScore > 0 || len(mods) == 0) {
		return best
	}
	// No one bears the role with its modifiers: the role most likely
	// refers to the person the text was just about ("Vladimir Putin said
	// … the Russian leader said"), unless that person holds another role.
	if p := x.salientBefore(pos, 0); p != nil && (hasRoleClass(p, head, cls) || !hasTitle(p)) {
		return p
	}
	return nil
}

// pluralRole reports whether a role noun is the plural of one ("lawyers",
// "officials", "spokesmen").
func pluralRole(w string) bool {
	if strings.HasSuffix(w, "men") && titles[strings.TrimSuffix(w, "men")+"man"] {
		return true
	}
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && (titles[w[:len(w)-1]] || roleSynonyms[w[:len(w)-1]] != "")
}

// hasRoleClass reports whether p bears the role noun head or a synonym.
func hasRoleClass(p *person, head, cls string) bool {
	for w := range p.roles {
		if w == head || roleClass(w) == cls {
			return true
		}
	}
	return false
}

// hasTitle reports whether any role word of p is a title.
func hasTitle(p *person) bool {
	for w := range p.roles {
		if titles[w] {
			return true
		}
	}
	return false
}

// lastMention returns the offset of the last salient mention of p before
// pos, or its first mention.
func (x *extractor) lastMention(p *person, pos int) int {
	last := -1
	for _, s := range x.people.salient {
		if s.pos >= pos {
			break
		}
		if s.p == p {
			last = s.pos
		}
	}
	if last < 0 && p.first < pos {
		last = p.first
	}
	return last
}

// SpeakerKey returns the normalized key of a speaker's name, shared by
// every way of writing it: lower case, without diacritics, punctuation,
// titles ("President", "Mr."), initials and suffixes ("Jr."). "Russian
// President Vladimir Putin" and "vladimir putin" give "vladimir putin";
// "Mr. Putin" gives "putin" (MergeSpeakers joins it to the full name).
func SpeakerKey(name string) string {
	toks := text.Tokenize(name)
	words := make([]string, 0, len(toks))
	for _, t := range toks {
		words = append(words, t.Lower)
	}
	return keyWords(words)
}

// keyOf returns the speaker key of the name written by tokens [s, e).
func (x *extractor) keyOf(s, e int) string {
	var buf [8]string
	words := buf[:0]
	for k := s; k < e; k++ {
		words = append(words, x.toks[k].Lower)
	}
	return keyWords(words)
}

// keyWords builds a speaker key from the lower-case words of a name; it
// reuses words.
func keyWords(words []string) string {
	k := 0
	for _, w := range words {
		w = foldKey(w)
		w = strings.TrimSuffix(w, "'s")
		w = strings.TrimSuffix(w, "’s")
		if strings.IndexByte(w, 0xe2) >= 0 {
			w = strings.ReplaceAll(w, "’", "'")
		}
		if w != "" {
			words[k] = w
			k++
		}
	}
	words = words[:k]
	// Drop everything up to the last title that a name follows.
	cut := 0
	for i := 0; i < len(words)-1; i++ {
		if titles[words[i]] || honorifics[words[i]] > 0 || determiners[words[i]] {
			cut = i + 1
		}
	}
	words = words[cut:]
	if len(words) > 1 {
		k := 0
		for _, w := range words {
			if len(w) == 1 || w == "jr" || w == "sr" || w == "ii" || w == "iii" || w == "iv" {
				continue
			}
			words[k] = w
			k++
		}
		if k > 0 {
			words = words[:k]
		}
	}
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words, " ")
}

// foldKey removes diacritics from a lower-case word.
func foldKey(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// MergeSpeakers gives the quotes of a story one key per speaker: a key of
// one word ("putin", from "Mr. Putin" in an article that never names him in
// full) joins the key of several words that ends or starts with it
// ("vladimir putin") when exactly one such key exists in the story. The
// speaker name becomes the fuller one too.
func MergeSpeakers(docs []*Doc) {
	full := map[string]string{} // key → fullest name
	for _, d := range docs {
		if d == nil {
			continue
		}
		for i := range d.Quotes {
			q := &d.Quotes[i]
			if q.SpeakerKey == "" || !strings.Contains(q.SpeakerKey, " ") {
				continue
			}
			if len(q.SpeakerName) > len(full[q.SpeakerKey]) {
				full[q.SpeakerKey] = q.SpeakerName
			}
		}
	}
	// A key that ends with another key of several words names the same
	// person with a role word the titles lack ("resident tom becker",
	// "tom becker"): it takes the shorter key — the longest of those that
	// fit, when each of them ends the longest — and that key's name, which
	// carries no role word.
	alias := map[string]string{}
	for k := range full {
		var fit []string
		for k2 := range full {
			if len(k2) < len(k) && strings.HasSuffix(k, " "+k2) {
				fit = append(fit, k2)
			}
		}
		if len(fit) > 0 && longestContainsAll(fit) {
			alias[k] = longest(fit)
		}
	}
	for k, k2 := range alias {
		for alias[k2] != "" {
			k2 = alias[k2]
		}
		alias[k] = k2
	}
	for k := range alias {
		delete(full, k)
	}
	byWord := map[string][]string{}
	for k := range full {
		ws := strings.Fields(k)
		byWord[ws[len(ws)-1]] = append(byWord[ws[len(ws)-1]], k)
		if ws[0] != ws[len(ws)-1] {
			byWord[ws[0]] = append(byWord[ws[0]], k)
		}
	}
	for _, d := range docs {
		if d == nil {
			continue
		}
		for i := range d.Quotes {
			q := &d.Quotes[i]
			if q.SpeakerKey == "" {
				continue
			}
			if k, ok := alias[q.SpeakerKey]; ok {
				q.SpeakerKey, q.SpeakerName = k, full[k]
			}
			if strings.Contains(q.SpeakerKey, " ") {
				if n := full[q.SpeakerKey]; len(n) > len(q.SpeakerName) {
					q.SpeakerName = n
				}
				continue
			}
			if ks := byWord[q.SpeakerKey]; len(ks) == 1 {
				q.SpeakerKey = ks[0]
				q.SpeakerName = full[ks[0]]
			}
		}
	}
}

// longest returns the longest of keys.
func longest(keys []string) string {
	l := ""
	for _, k := range keys {
		if len(k) > len(l) {
			l = k
		}
	}
	return l
}

// longestContainsAll reports whether the longest of keys ends with each
// of the others, so that all of them name one person.
func longestContainsAll(keys []string) bool {
	l := longest(keys)
	for _, k := range keys {
		if k != l && !strings.HasSuffix(l, " "+k) {
			return false
		}
	}
	return true
}

// firstNameGender returns the gender usually carried by a common English
// first name, or 0.
func firstNameGender(w string) byte {
	if g, ok := firstNames[w]; ok {
		return g
	}
	return 0
}

// firstNames are common first names with the gender they usually carry,
// which lets "she said" skip a man named just before.
var firstNames = func() map[string]byte {
	m := map[string]byte{}
	for _, w := range strings.Fields(`mary patricia jennifer linda elizabeth barbara susan jessica sarah karen
	nancy lisa betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa
	deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela
	nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria heather diane
	virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea
	hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris abigail
	julia judy grace denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie
	isabella charlotte rose alexis kayla hillary nikki elena ivanka melania kellyanne sarah nancy elizabeth
	angela theresa marine ursula christine kamala michelle oprah condoleezza madeleine hilary jill chelsea
	tulsi sonia indira benazir golda margaret jacinda ksenia yulia svetlana natalia olga irina tatiana
	anastasia maria ines sofia lucia carmen ana isabel gabriela fatima aisha leila nadia yasmin`) {
		m[w] = 'f'
	}
	for _, w := range strings.Fields(`james robert john michael william david richard joseph thomas charles
	christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
	timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
	brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam
	nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald
	harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert
	willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis bill
	barack mitt mike ted marco rand bernie hans vladimir dmitry sergei sergey alexei alexey boris mikhail
	ivan nikolai viktor igor xi emmanuel francois angelo giuseppe luigi carlos miguel luis pedro jorge
	ahmed mohammed muhammad ali omar hassan recep bashar benjamin binyamin narendra rahul shinzo kim
	jean-claude jean-luc rex jared reince sean steve newt chris lindsey mitch nigel tony gordon jeremy
	rishi keir olaf gerhard helmut justin stephen pierre`) {
		if _, dup := m[w]; !dup {
			m[w] = 'm'
		}
	}
	return m
}()

// indefinite reports whether w is an indefinite article.
func indefinite(w string) bool { return w == "a" || w == "an" }

// isAgeNoun reports whether w is an age used as a noun ("54-year-old").
func isAgeNoun(w string) bool {
	n, ok := strings.CutSuffix(w, "-year-old")
	if !ok || n == "" {
		return false
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// roleGender returns the gender a role noun carries ("spokeswoman" 'f',
// "chairman" 'm'), or 0.
func roleGender(w string) byte {
	switch {
	case strings.HasSuffix(w, "woman"), w == "queen", w == "princess", w == "empress":
		return 'f'
	case strings.HasSuffix(w, "man"), w == "king", w == "prince", w == "emperor":
		return 'm'
	}
	return 0
}

// unnamedRole returns the person that an indefinite role noun phrase
// opening at token s (before token lim) introduces: "a police spokesman",
// "a spokeswoman for the rescue service", "an aide to the mayor", "an
// official" — an indefinite article, at most two modifiers and a singular
// role noun that no name follows. A later pronoun or "the spokesman"
// refers to that person, not to someone named before. The person is named
// by the organisation after "for", "of", "at" or "to" (before a
// determiner or a name: "an official to be named" is no aide), as the
// speaker of "a spokesman for the ministry said" is, else by the phrase. It returns nil and -1 for any other
// phrase, else the person and the role noun's token.
func (x *extractor) unnamedRole(s, lim int) (*person, int) {
	r := x.people
	if p, ok := r.unnamed[s]; ok {
		return p, -1
	}
	if s >= lim || !indefinite(x.toks[s].Lower) {
		return nil, -1
	}
	head := -1
	for k := s + 1; k < lim && k <= s+3; k++ {
		t := x.toks[k]
		if !x.plainGap(k) || t.Number || t.quote >= 0 || t.cue != 0 && !t.cap {
			return nil, -1
		}
		if !t.cap && titles[t.Lower] && !pluralRole(t.Lower) {
			head = k
			break
		}
	}
	if head < 0 {
		return nil, -1
	}
	if head+1 < lim && x.plainGap(head+1) {
		n := x.toks[head+1]
		if n.cap {
			return nil, -1 // "a spokesman Jason Miller": named
		}
		if n.cue == 0 && !x.roleOrg(head+1) && !cueModifiers[n.Lower] {
			return nil, -1 // "a prime suspect": the role word modifies a noun
		}
	}
	ns, ne := s, head+1
	if head+2 < lim && x.plainGap(head+1) && x.roleOrg(head+1) {
		switch x.toks[head+1].Lower {
		case "for", "of", "at", "to":
			if a, b, ok := x.orgPhrase(head+2, lim); ok && a == head+2 {
				ns, ne = a, b
			}
		}
	}
	name := x.mentionText(ns, ne)
	if strings.TrimSpace(name) == "" {
		return nil, -1
	}
	p := &person{name: name, roles: map[string]bool{x.toks[head].Lower: true}, gender: roleGender(x.toks[head].Lower), first: x.toks[s].Span.Start}
	if x.toks[ne-1].cap {
		p.key = SpeakerKey(name)
	}
	if r.unnamed == nil {
		r.unnamed = map[int]*person{}
	}
	r.unnamed[s] = p
	r.people = append(r.people, p)
	return p, head
}

// unnamedSpeaker returns the person an unnamed speaker mention [s, e)
// introduces: the mention itself ("a police spokesman"), or the
// organisation after "a spokesman for" ("A spokesman for the ministry
// said", whose mention is "the ministry"). With mention false, [s, e) is
// a sentence from its subject on rather than a speaker mention.
func (x *extractor) unnamedSpeaker(s, e int, mention bool) *person {
	if p, head := x.unnamedRole(s, e); p != nil {
		if head >= 0 && mention {
			// Named as the mention itself is ("According to a
			// spokeswoman of the service, …” she said"), so the
			// speaker's quotes share one name.
			p.name, p.key = x.mentionText(s, e), ""
			if x.toks[e-1].cap {
				p.key = SpeakerKey(p.name)
			}
		}
		return p
	}
	if s < 2 || !x.plainGap(s) {
		return nil
	}
	switch x.toks[s-1].Lower {
	case "for", "of", "at":
	default:
		return nil
	}
	for a := s - 2; a >= 0 && a >= s-5; a-- {
		if !indefinite(x.toks[a].Lower) {
			continue
		}
		if p, ok := x.people.unnamed[a]; ok {
			return p
		}
		if p, head := x.unnamedRole(a, e); p != nil && head == s-2 {
			return p
		}
		return nil
	}
	return nil
}

// agedMention is a person the text gives an age: "Karl Voss, 54," or
// "54-year-old Karl Voss", at byte pos.
type agedMention struct {
	pos int
	age string
	p   *person
}

// indexAges lists, once per article, the people the text gives an age, in
// text order.
func (x *extractor) indexAges() {
	if x.agesDone {
		return
	}
	x.agesDone = true
	x.ageOf = map[*person]string{}
	add := func(a, e int, age string) {
		if p := x.personOf(a, e, x.toks[a].Span.Start); p != nil && !p.org {
			x.ages = append(x.ages, agedMention{pos: x.toks[a].Span.Start, age: age, p: p})
			x.ageOf[p] = age
		}
	}
	for k := 1; k < len(x.toks); k++ {
		t := x.toks[k]
		switch {
		case t.Number && len(t.Text) <= 3 && x.toks[k-1].cap && strings.TrimSpace(x.gap(k)) == "," &&
			k+1 < len(x.toks) && strings.HasPrefix(strings.TrimSpace(x.gap(k+1)), ","):
			// "Karl Voss, 54, was charged"
			a := k - 1
			for a > 0 && k-a < 6 && x.toks[a-1].cap && x.plainGap(a) && x.toks[a-1].sent == t.sent {
				a--
			}
			add(a, k, t.Lower)
		case isAgeNoun(t.Lower) && k+1 < len(x.toks) && x.toks[k+1].cap && x.plainGap(k+1):
			// "54-year-old Karl Voss"
			add(k+1, x.capRun(k+1), strings.TrimSuffix(t.Lower, "-year-old"))
		}
	}
}

// agedPerson resolves "the N-year-old" at byte pos: the person last given
// age n before pos. When the text gives no one that age, it reads as a
// pronoun does: the person last salient before pos ("An upbeat Putin …
// The 65-year-old said"), unless the text gives that person another age or
// names someone else after that person's last salient mention ("Karl Voss
// met Tina Holm. “…,” the 54-year-old said" might mean either): nil, not
// a guess between two people. A name after a preposition or a determiner
// ("by Mail Online", "at the Euclid Market") does not count: it is a place
// or an organisation more often than a person.
func (x *extractor) agedPerson(n string, pos int) *person {
	x.indexAges()
	ai := sort.Search(len(x.ages), func(i int) bool { return x.ages[i].pos >= pos })
	for j := ai - 1; j >= 0; j-- {
		if x.ages[j].age == n {
			return x.ages[j].p
		}
	}
	p := x.salientBefore(pos, 0)
	if p == nil {
		return nil
	}
	if age, ok := x.ageOf[p]; ok && age != n {
		return nil
	}
	lp := -1
	sal := x.people.salient
	for j := sort.Search(len(sal), func(i int) bool { return sal[i].pos >= pos }) - 1; j >= 0; j-- {
		if sal[j].p == p {
			lp = sal[j].pos
			break
		}
	}
	end := x.tokAt(pos)
	k := x.tokAt(lp)
	if lp < 0 || end-k > 400 {
		return nil
	}
	// Skip the salient mention's own name.
	for k < end && x.toks[k].cap {
		k++
	}
	for ; k < end; k++ {
		t := x.toks[k]
		if !t.cap || t.quote >= 0 || k > 0 && x.toks[k-1].cap && x.plainGap(k) && x.toks[k-1].sent == t.sent {
			continue // not the first word of a capitalised run
		}
		e := x.capRun(k)
		if e-k == 1 && isPossessive(t.Lower) || determiners[t.Lower] {
			continue // "Russia's president", "The Daily Courier"
		}
		if k > 0 && x.plainGap(k) && (prepositions[x.toks[k-1].Lower] || determiners[x.toks[k-1].Lower]) {
			continue // "reported by Mail Online", "at the Euclid Market": a place or an organisation more often than a person
		}
		if q := x.personOf(k, e, t.Span.Start); q != nil && !q.org && q != p {
			return nil
		}
	}
	return p
}

// roleOrg reports whether token i, after a role noun, is a preposition
// that introduces the role's organisation: "for", "of", "at", or "to"
// before a determiner or a name ("an aide to the mayor"; "to" before a
// verb is an infinitive).
func (x *extractor) roleOrg(i int) bool {
	switch x.toks[i].Lower {
	case "for", "of", "at":
		return true
	case "to":
		return i+1 < len(x.toks) && (determiners[x.toks[i+1].Lower] || x.toks[i+1].cap)
	}
	return false
}

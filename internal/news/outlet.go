package news

import "strings"

// OutletWord says whether w (in any case) is a word that ends the names of
// news outlets ("Harwick Gazette", "Valle News Agency", "Velsburg Post"),
// and whether it ends people's names too (surname: "Anna Post", "Tom
// Guardian"), so that a name ending in it is an outlet's only where
// something else says so (OutletModifier, or its place after a credited
// name and a comma). "Daily" is no such word: it is a surname too, and
// stands first in outlets' names (OutletModifier).
func OutletWord(w string) (ok, surname bool) {
	w = strings.ToLower(w)
	if outletWords[w] {
		return true, false
	}
	if surnameOutletWords[w] {
		return true, true
	}
	return false, false
}

// OutletModifier says whether w (in any case) stands before a surname-like
// outlet word in outlets' names and not in people's ("Evening Post",
// "Daily Mail", "Sunday Express").
func OutletModifier(w string) bool { return outletModifiers[strings.ToLower(w)] }

var outletWords = map[string]bool{"gazette": true, "agency": true, "news": true, "press": true, "times": true,
	"wire": true, "herald": true, "tribune": true, "journal": true, "chronicle": true,
	"courier": true, "observer": true, "newswire": true, "radio": true, "television": true, "network": true,
	"media": true, "service": true, "desk": true, "telegraph": true, "bulletin": true, "dispatch": true,
	"examiner": true, "inquirer": true}

var surnameOutletWords = map[string]bool{"post": true, "mail": true, "express": true, "mirror": true,
	"guardian": true, "monitor": true}

var outletModifiers = map[string]bool{"daily": true, "sunday": true, "evening": true, "morning": true,
	"weekly": true, "national": true, "financial": true, "science": true, "business": true}

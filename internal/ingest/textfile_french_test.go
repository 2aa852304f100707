package ingest

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestWindows1252FrenchGuillemets: French text saved as Windows-1252 with
// its typographic guillemets and no-break spaces (« Bonjour », 0xAB 0xA0 …
// 0xA0 0xBB) is Latin text and must be decoded, not refused as a legacy
// encoding of another script.
func TestWindows1252FrenchGuillemets(t *testing.T) {
	for _, utf := range []string{
		"Le maire a déclaré : « Nous reconstruirons le pont avant l’été. »\n\nLes travaux commenceront en mars, a-t-il précisé.",
		"« Non », a répondu la ministre. « Pas cette année. »",
		"¿Él? ¡Sí! — «Ésta es la respuesta», dijo el alcalde.",
	} {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(strings.ReplaceAll(strings.ReplaceAll(utf, " »", "\u00a0»"), "« ", "«\u00a0")))
		if err != nil {
			t.Fatal(err)
		}
		if _, hint := windows1252(b); hint != "" {
			t.Errorf("%q: refused: %s", utf, hint)
		}
	}
}

package reuse_test

import (
	"fmt"

	"github.com/crosscheck-news/crosscheck/internal/news"
	"github.com/crosscheck-news/crosscheck/internal/reuse"
)

func ExampleAlign() {
	src := &news.Article{ID: 1, Text: "The river rose by two metres overnight. Rescue crews pulled 62 people from flooded homes in the Millbrook district."}
	cp := &news.Article{ID: 2, Text: "Heavy rain fell again on Sunday. Rescue crews pulled 62 people from flooded homes in the Millbrook district, officials said. Overnight, the river climbed two metres."}
	for _, p := range reuse.Align(cp, src, reuse.AlignOptions{}) {
		fmt.Printf("%s %q\n  from %q\n", p.Kind, p.Span.Slice(cp.Text), p.SourceSpan.Slice(src.Text))
	}
	// Output:
	// edited "Rescue crews pulled 62 people from flooded homes in the Millbrook district, officials said."
	//   from "Rescue crews pulled 62 people from flooded homes in the Millbrook district."
	// reworded "Overnight, the river climbed two metres."
	//   from "The river rose by two metres overnight."
}

func ExampleIndex() {
	ix := reuse.NewIndex(reuse.IndexOptions{})
	ix.Add(1, "Floodwaters forced the evacuation of more than 3,400 residents from the town of Valebridge on Saturday, after three days of heavy rain.")
	ix.Add(2, "The city council voted on Thursday to turn the disused tram depot into a public library and community centre.")
	for _, d := range ix.Query("Floodwaters forced the evacuation of more than 3,400 residents from the town of Valebridge on Sunday, after three days of heavy rain.", 0.3) {
		fmt.Printf("article %d, Jaccard about %.1f\n", d.ArticleID, d.Jaccard)
	}
	// Output:
	// article 1, Jaccard about 0.6
}

func ExampleProvenance() {
	first := &news.Article{ID: 1, Text: "The river rose by two metres overnight. Rescue crews pulled 62 people from flooded homes in the Millbrook district."}
	second := &news.Article{ID: 2, Text: "Rescue crews pulled 62 people from flooded homes in the Millbrook district. The mayor thanked the volunteers."}
	prov := reuse.Provenance([]*news.Article{first, second}, reuse.AlignOptions{})
	fmt.Printf("article 1: originality %.2f, draws on %v\n", prov[1].Originality, prov[1].DrawsOn)
	fmt.Printf("article 2: originality %.2f, draws on %v\n", prov[2].Originality, prov[2].DrawsOn)
	// Output:
	// article 1: originality 1.00, draws on []
	// article 2: originality 0.31, draws on [1]
}

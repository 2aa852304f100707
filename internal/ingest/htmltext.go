package ingest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// block elements end a paragraph.
var block = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Section: true, atom.Article: true, atom.Figcaption: true,
	atom.Tr: true, atom.Table: true, atom.Pre: true, atom.Hr: true,
}

// skip elements carry no article text.
var skip = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Head: true, atom.Button: true,
	atom.Form: true, atom.Select: true, atom.Textarea: true,
}

// htmlText turns an HTML fragment, such as a feed item's content, into plain
// text with one paragraph per block element. It is meant for the short,
// already-clean fragments that feeds carry; whole pages go through the
// main-text extractor instead.
func htmlText(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		return fragment
	}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return fragment
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if skip[n.DataAtom] {
				return
			}
			if block[n.DataAtom] {
				b.WriteString("\n\n")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && block[n.DataAtom] {
			b.WriteString("\n\n")
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}

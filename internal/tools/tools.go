// Package tools declares the tools of the journey for package tool: each
// step's shape (shape/NN-slug.json) and words (words/<lang>/NN-slug.json),
// and the little Go that is particular to a tool, bound through the
// engine's seams.
package tools

import (
	"embed"
	"io/fs"

	"kintsugi/internal/journey"
	"kintsugi/internal/tool"
)

//go:embed shape/*.json words/en/*.json
var files embed.FS

// Load returns the catalog of every tool, with the emotion vocabulary of
// the guide as the "emotions" choice list, in English.
func Load(g *journey.Guide) (*tool.Catalog, error) {
	shapes, _ := fs.Sub(files, "shape")
	words, _ := fs.Sub(files, "words/en")
	emotions := tool.Provided{Labels: map[string]string{}}
	for _, e := range g.Emotions {
		emotions.Values = append(emotions.Values, e.Name)
		emotions.Labels[e.Name] = e.Label
	}
	c, err := tool.Load(shapes, words, map[string]tool.Provided{"emotions": emotions})
	if err != nil {
		return nil, err
	}
	return c, bind(c)
}

// bind gives the kinds that need it their Go.
func bind(c *tool.Catalog) error {
	return nil
}

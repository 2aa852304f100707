package stance

// Hooks for the experiments in exp_test.go: compute feature rows once and
// fit many variants on them.

// Matrix holds the feature rows of pairs under the IDF of training bodies.
type Matrix struct {
	m *Model
	X [][]float64
	Y []int
}

// NewMatrix computes the rows of train, with IDF from its bodies.
func NewMatrix(train []Example) *Matrix {
	m := &Model{idf: buildIDF(distinctBodies(train))}
	mx := &Matrix{m: m, X: m.matrix(train)}
	for _, p := range train {
		mx.Y = append(mx.Y, LabelIndex(p.Label))
	}
	return mx
}

// Rows computes the rows of other pairs under the same IDF.
func (mx *Matrix) Rows(pairs []Example) [][]float64 { return mx.m.matrix(pairs) }

// Fit trains a model on the rows.
func (mx *Matrix) Fit(opts TrainOptions) (*Model, error) {
	m := &Model{idf: mx.m.idf}
	return m.fit(mx.X, mx.Y, opts)
}

// Classify labels one feature row.
func (m *Model) Classify(x []float64) string { return m.classify(x).Label }

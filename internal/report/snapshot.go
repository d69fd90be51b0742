package report

import "encoding/json"

// A report shared with a supporter is kept as it was made: a snapshot,
// sealed with the share, read back with the package's own words. It shows
// the days it covers as they were when it was shared.

// Snapshot returns the report as kept: everything but its words.
func (r *Report) Snapshot() ([]byte, error) {
	c := *r
	c.Words = nil
	return json.Marshal(&c)
}

// FromSnapshot reads a report kept by Snapshot.
func FromSnapshot(b []byte) (*Report, error) {
	w, err := loadWords()
	if err != nil {
		return nil, err
	}
	r := &Report{}
	if err := json.Unmarshal(b, r); err != nil {
		return nil, err
	}
	r.Words = w
	return r, nil
}

package tools_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

// instinct is a sureness and an outcome ("" for none yet).
type instinct struct {
	sure    int
	outcome string
}

func instincts(t *testing.T, c *tool.Catalog, in ...instinct) []tool.Item {
	t.Helper()
	out := make([]tool.Item, len(in))
	for i, x := range in {
		outcome := "null"
		if x.outcome != "" {
			outcome = `"` + x.outcome + `"`
		}
		body := `{"sense":"Something is off.","sure":` + strconv.Itoa(x.sure) + `,"outcome":` + outcome + `}`
		out[i] = newItem(t, c, "instinct", "i", body, time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC))
	}
	return out
}

// bins returns the five bins with the given counts and trues, in pairs.
func bins(countTrue ...int) [5]tools.CalibrationBin {
	b := [5]tools.CalibrationBin{{From: 50, To: 59}, {From: 60, To: 69}, {From: 70, To: 79}, {From: 80, To: 89}, {From: 90, To: 100}}
	for i := 0; i+1 < len(countTrue); i += 2 {
		b[i/2].Count, b[i/2].True = countTrue[i], countTrue[i+1]
	}
	return b
}

func TestCalibration(t *testing.T) {
	c := catalog(t)
	v, err := tools.NewInstinctView(c)
	if err != nil {
		t.Fatal(err)
	}
	nine50s := make([]instinct, 9)
	for i := range nine50s {
		nine50s[i] = instinct{50, "true"}
	}
	cases := []struct {
		name     string
		in       []instinct
		resolved int
		brier    float64 // -1 for null
		bins     [5]tools.CalibrationBin
		enough   bool
	}{
		{"none", nil, 0, -1, bins(), false},
		{"none resolved", []instinct{{90, "unclear"}, {80, ""}}, 0, -1, bins(), false},
		// (0.70 − 1)² = 0.09
		{"one", []instinct{{70, "true"}}, 1, 0.09, bins(0, 0, 0, 0, 1, 1), false},
		// Unclear and open ones do not count: (0.60 − 0)² = 0.36
		{"one among unresolved", []instinct{{90, "unclear"}, {60, "false"}, {80, ""}}, 1, 0.36, bins(0, 0, 1, 0), false},
		// (1.00 − 0)² = 1, the worst there is.
		{"sure and wrong", []instinct{{100, "false"}}, 1, 1, bins(0, 0, 0, 0, 0, 0, 0, 0, 1, 0), false},
		// (1.00 − 1)² = 0, the best.
		{"sure and right", []instinct{{100, "true"}}, 1, 0, bins(0, 0, 0, 0, 0, 0, 0, 0, 1, 1), false},
		// All in 80–89: 20² + 85² + 11² + 20² = 400 + 7225 + 121 + 400
		// = 8146 hundredths², over 4 → 8146/40000 = 0.20365.
		{"one bin", []instinct{{80, "true"}, {85, "false"}, {89, "true"}, {80, "true"}}, 4, 0.20365, bins(0, 0, 0, 0, 0, 0, 4, 3), false},
		// The edges: 59 → 50–59, 60 → 60–69, 89 → 80–89, 90 and 100 →
		// 90–100. 41² + 40² + 89² + 10² + 0² = 1681 + 1600 + 7921 + 100
		// = 11302, over 5 → 11302/50000 = 0.22604.
		{"edges", []instinct{{59, "true"}, {60, "true"}, {89, "false"}, {90, "true"}, {100, "true"}}, 5, 0.22604,
			bins(1, 1, 1, 1, 0, 0, 1, 0, 2, 2), false},
		// Nine resolved are not enough yet: 9 × 50² / 9 = 2500 → 0.25.
		{"nine", nine50s, 9, 0.25, bins(9, 9), false},
		// Ten are: (9 × 50² + 50²) / 10 = 2500 → 0.25.
		{"ten", append(nine50s, instinct{50, "false"}), 10, 0.25, bins(10, 9), true},
	}
	for _, tc := range cases {
		got := v.Calibration(instincts(t, c, tc.in...))
		switch {
		case tc.brier < 0 && got.Brier != nil:
			t.Errorf("%s: brier %v, want null", tc.name, *got.Brier)
		case tc.brier >= 0 && (got.Brier == nil || *got.Brier != tc.brier):
			t.Errorf("%s: brier %v, want %v", tc.name, got.Brier, tc.brier)
		}
		if got.Resolved != tc.resolved || got.Bins != tc.bins || got.Enough != tc.enough {
			t.Errorf("%s: got %d resolved, bins %+v, enough %v; want %d, %+v, %v",
				tc.name, got.Resolved, got.Bins, got.Enough, tc.resolved, tc.bins, tc.enough)
		}
	}
}

func TestCalibrationJSON(t *testing.T) {
	c := catalog(t)
	v, err := tools.NewInstinctView(c)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in   []instinct
		want string
	}{
		{nil, `{"resolved":0,"brier":null,"bins":[{"from":50,"to":59,"count":0,"true":0},{"from":60,"to":69,"count":0,"true":0},` +
			`{"from":70,"to":79,"count":0,"true":0},{"from":80,"to":89,"count":0,"true":0},{"from":90,"to":100,"count":0,"true":0}],"enough":false,"from":{"instincts":0,"ladder":0}}`},
		// (0.70 − 1)² = 0.09
		{[]instinct{{70, "true"}}, `{"resolved":1,"brier":0.09,"bins":[{"from":50,"to":59,"count":0,"true":0},{"from":60,"to":69,"count":0,"true":0},` +
			`{"from":70,"to":79,"count":1,"true":1},{"from":80,"to":89,"count":0,"true":0},{"from":90,"to":100,"count":0,"true":0}],"enough":false,"from":{"instincts":1,"ladder":0}}`},
	}
	for _, tc := range cases {
		b, err := json.Marshal(v.Calibration(instincts(t, c, tc.in...)))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("got  %s\nwant %s", b, tc.want)
		}
	}
}

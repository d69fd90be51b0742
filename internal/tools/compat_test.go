package tools_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"testing"

	"kintsugi/internal/record"
	"kintsugi/internal/tool"
	"kintsugi/internal/tools"
)

func catalog(t testing.TB) *tool.Catalog {
	t.Helper()
	_, c, err := tools.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The kinds that were Go types before the engine are sealed in exactly
// the bytes those types wrote (pinned here from their encoders, since
// removed), and their stored records read back the same: no data
// migration.
func TestEngineKeepsTheBytesOfEarlierKinds(t *testing.T) {
	c := catalog(t)
	cases := []struct{ path, body, sealed string }{
		{"journal", `{"title":"Tuesday","body":"line one\nline two — ünïcode ✓","step":7}`,
			"03075475657364617905236c696e65206f6e650a6c696e652074776f20e2809420c3bc6ec3af636f646520e29c93060e"},
		{"journal", `{"body":"only a body"}`, "050b6f6e6c79206120626f6479"},
		{"checkins", `{"emotions":[{"name":"grief","intensity":0},{"name":"anger","intensity":10}],"sensations":"tight chest","note":"a note"}`,
			"03070305677269656603090305616e6765720414050b7469676874206368657374070661206e6f7465"},
		{"checkins", `{"emotions":[{"name":"serenity","intensity":3}]}`, "030c0308736572656e6974790406"},
		{"ratings", `{"step":12,"value":0,"note":"not yet"}`, "021807076e6f7420796574"},
		{"ratings", `{"step":3,"value":8}`, "02060410"},
	}
	for _, tc := range cases {
		k, _ := c.ByPath(tc.path)
		want, _ := hex.DecodeString(tc.sealed)
		in, err := k.ReadJSON([]byte(tc.body), false)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.path, tc.body, err)
		}
		if err := k.Clean(in.Values); err != nil {
			t.Fatalf("%s %s: %v", tc.path, tc.body, err)
		}
		rk := k.Record()
		if got := rk.Encode(nil, &in.Values); !bytes.Equal(got, want) {
			t.Errorf("%s %s:\n got %x\nwant %x", tc.path, tc.body, got, want)
		}
		var back tool.Values
		if err := rk.Decode(want, &back); err != nil {
			t.Fatal(err)
		}
		out := k.AppendJSON(nil, &record.Record[tool.Values]{ID: "x", Value: back})
		var got, orig map[string]any
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%s", out)
		}
		json.Unmarshal([]byte(tc.body), &orig)
		for key, v := range orig {
			if a, b := mustJSON(got[key]), mustJSON(v); a != b {
				t.Errorf("%s: %s read back as %s, was %s", tc.path, key, a, b)
			}
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

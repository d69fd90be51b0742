package tool

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"kintsugi/internal/record"
)

// AppendFields writes the fields exactly as AppendJSON writes them, only
// without the id and times, and ReadJSON reads them back as they were:
// an export depends on both.
func TestAppendFieldsIsTheItemWithoutIDAndTimes(t *testing.T) {
	k := samples(t)
	in, err := k.ReadJSON([]byte(full), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Clean(in.Values); err != nil {
		t.Fatal(err)
	}
	for _, v := range []Values{in.Values, make(Values, len(k.Fields))} {
		fields := k.AppendFields(nil, v)
		var got, want map[string]any
		if err := json.Unmarshal(fields, &got); err != nil {
			t.Fatalf("%s: %v", fields, err)
		}
		item := k.AppendJSON(nil, &record.Record[Values]{ID: "X", CreatedAt: time.Unix(0, 0).UTC(), UpdatedAt: time.Unix(0, 0).UTC(), Value: v})
		json.Unmarshal(item, &want)
		delete(want, "id")
		delete(want, "created_at")
		delete(want, "updated_at")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("AppendFields wrote\n%s\nwant the fields of\n%s", fields, item)
		}
	}
	back, err := k.ReadJSON(k.AppendFields(nil, in.Values), false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Values, in.Values) {
		t.Errorf("read back\n got %+v\nwant %+v", back.Values, in.Values)
	}
}

// An event's hidden parent is not among its fields.
func TestAppendFieldsLeavesOutAnEventsParent(t *testing.T) {
	ev := samples(t).Events
	in, err := ev.ReadJSON([]byte(`{"outcome":"held","note":"n"}`), false)
	if err != nil {
		t.Fatal(err)
	}
	v := append(in.Values, Value{Str: "01PARENTIDXXXXXXXXXXXXXXXX"})
	if got, want := string(ev.AppendFields(nil, v)), `{"outcome":"held","note":"n"}`; got != want {
		t.Fatalf("AppendFields wrote %s, want %s", got, want)
	}
}

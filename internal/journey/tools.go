package journey

// Felt is one emotion of a check-in, with how strongly it was felt, 0 to
// 10: how the pages that draw feelings read a check-in.
type Felt struct {
	Name      string `json:"name"`
	Intensity int    `json:"intensity"`
}

package archive

import (
	"bytes"
	"io"
)

// ReadUpload reads an uploaded archive into memory, never to disk: an
// archive is its owner's writing in the clear. It sizes its buffer once
// from the length the request declares, if any, up to MaxArchive; grown by
// doubling, as io.ReadAll grows it, the buffer briefly takes twice the
// archive's size. The caller bounds r.
func ReadUpload(r io.Reader, declared int64) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(max(declared, 0), MaxArchive)+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}

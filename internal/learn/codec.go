package learn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"sync"
)

// File layout shared by every crosscheck model file:
//
//	magic   8 bytes, names the model kind ("XCSTANCE", "XCCLICKB")
//	version uvarint
//	length  uvarint, bytes of payload
//	payload
//	crc32   4 bytes little-endian, IEEE checksum of the payload
//
// The checksum turns a truncated or altered file into a clear error instead
// of a model that loads and predicts nonsense.

// ErrCorrupt is wrapped by every error that reports a damaged model file.
var ErrCorrupt = errors.New("corrupt model file")

// maxPayload bounds what ReadFile accepts, so a garbage length cannot make it
// allocate gigabytes.
const maxPayload = 64 << 20

// WriteFile writes payload as a model file of the given kind (8-byte magic)
// and format version.
func WriteFile(w io.Writer, magic string, version uint64, payload []byte) error {
	if len(magic) != 8 {
		return fmt.Errorf("model magic %q must be 8 bytes", magic)
	}
	var b bytes.Buffer
	b.WriteString(magic)
	b.Write(binary.AppendUvarint(nil, version))
	b.Write(binary.AppendUvarint(nil, uint64(len(payload))))
	b.Write(payload)
	b.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(payload)))
	_, err := w.Write(b.Bytes())
	return err
}

// ReadFile reads a model file written by WriteFile, checks its magic, version
// and checksum, and returns the payload. Errors about the content wrap
// ErrCorrupt and say what is wrong.
func ReadFile(r io.Reader, magic string, version uint64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxPayload+64))
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: not a %s model (wrong magic bytes)", ErrCorrupt, magic)
	}
	rest := data[len(magic):]
	v, n := binary.Uvarint(rest)
	if n <= 0 {
		return nil, fmt.Errorf("%w: truncated header", ErrCorrupt)
	}
	if v != version {
		return nil, fmt.Errorf("%w: format version %d, this build reads version %d", ErrCorrupt, v, version)
	}
	rest = rest[n:]
	size, n := binary.Uvarint(rest)
	if n <= 0 || size > maxPayload {
		return nil, fmt.Errorf("%w: bad payload length", ErrCorrupt)
	}
	rest = rest[n:]
	if uint64(len(rest)) != size+4 {
		return nil, fmt.Errorf("%w: payload is %d bytes, header says %d (truncated or padded)", ErrCorrupt, max(len(rest)-4, 0), size)
	}
	payload := rest[:size]
	if got, want := crc32.ChecksumIEEE(payload), binary.LittleEndian.Uint32(rest[size:]); got != want {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	return payload, nil
}

// Shipped returns a function that loads the model file a package embeds
// (data) with load on its first call, and returns that model or error on
// every call. A build without the file (data empty) gets missing instead.
func Shipped[M any](data []byte, load func(io.Reader) (M, error), missing error) func() (M, error) {
	return sync.OnceValues(func() (M, error) {
		if len(data) == 0 {
			var zero M
			return zero, missing
		}
		return load(bytes.NewReader(data))
	})
}

// Encoder appends values to a byte slice in the compact form Decoder reads.
type Encoder struct{ Buf []byte }

// Uint appends an unsigned varint.
func (e *Encoder) Uint(v uint64) { e.Buf = binary.AppendUvarint(e.Buf, v) }

// Fixed64 appends v as 8 little-endian bytes.
func (e *Encoder) Fixed64(v uint64) { e.Buf = binary.LittleEndian.AppendUint64(e.Buf, v) }

// Float32 appends v rounded to float32.
func (e *Encoder) Float32(v float64) {
	e.Buf = binary.LittleEndian.AppendUint32(e.Buf, math.Float32bits(float32(v)))
}

// Float64 appends v.
func (e *Encoder) Float64(v float64) {
	e.Buf = binary.LittleEndian.AppendUint64(e.Buf, math.Float64bits(v))
}

// String appends a length-prefixed string.
func (e *Encoder) String(s string) {
	e.Uint(uint64(len(s)))
	e.Buf = append(e.Buf, s...)
}

// Strings appends a counted list of strings.
func (e *Encoder) Strings(ss []string) {
	e.Uint(uint64(len(ss)))
	for _, s := range ss {
		e.String(s)
	}
}

// Decoder reads what Encoder wrote. The first error sticks: later reads
// return zero values, and Err reports it.
type Decoder struct {
	buf []byte
	err error
}

// NewDecoder returns a decoder over b.
func NewDecoder(b []byte) *Decoder { return &Decoder{buf: b} }

// Err returns the first error met, wrapping ErrCorrupt.
func (d *Decoder) Err() error { return d.err }

// Done returns Err, or an error when bytes are left over.
func (d *Decoder) Done() error {
	if d.err == nil && len(d.buf) > 0 {
		d.err = fmt.Errorf("%w: %d bytes left after the model", ErrCorrupt, len(d.buf))
	}
	return d.err
}

func (d *Decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: truncated or invalid %s", ErrCorrupt, what)
	}
	d.buf = nil
}

// Uint reads an unsigned varint.
func (d *Decoder) Uint() uint64 {
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.fail("integer")
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

// Count reads an unsigned varint that counts items of at least minBytes
// each, and fails when the rest of the input cannot hold that many.
func (d *Decoder) Count(minBytes int) int {
	v := d.Uint()
	if d.err != nil {
		return 0
	}
	if minBytes < 1 {
		minBytes = 1
	}
	if v > uint64(len(d.buf)/minBytes) {
		d.fail("count")
		return 0
	}
	return int(v)
}

// Fixed64 reads 8 little-endian bytes.
func (d *Decoder) Fixed64() uint64 {
	if len(d.buf) < 8 {
		d.fail("integer")
		return 0
	}
	v := binary.LittleEndian.Uint64(d.buf)
	d.buf = d.buf[8:]
	return v
}

// Float32 reads a float32 and rejects NaN and infinities.
func (d *Decoder) Float32() float64 {
	if len(d.buf) < 4 {
		d.fail("number")
		return 0
	}
	v := float64(math.Float32frombits(binary.LittleEndian.Uint32(d.buf)))
	d.buf = d.buf[4:]
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.fail("number (not finite)")
		return 0
	}
	return v
}

// Float64 reads a float64 and rejects NaN and infinities.
func (d *Decoder) Float64() float64 {
	if len(d.buf) < 8 {
		d.fail("number")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.buf))
	d.buf = d.buf[8:]
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.fail("number (not finite)")
		return 0
	}
	return v
}

// String reads a length-prefixed string.
func (d *Decoder) String() string {
	n := d.Count(1)
	if d.err != nil || n > len(d.buf) {
		d.fail("string")
		return ""
	}
	s := string(d.buf[:n])
	d.buf = d.buf[n:]
	return s
}

// Strings reads a counted list of strings.
func (d *Decoder) Strings() []string {
	n := d.Count(1)
	out := make([]string, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		out = append(out, d.String())
	}
	return out
}

// Sparse appends the non-zero entries of w: their count, then each as the
// step from the previous one's index (from -1) and its value.
func (e *Encoder) Sparse(w []float32) {
	nz := 0
	for _, v := range w {
		if v != 0 {
			nz++
		}
	}
	e.Uint(uint64(nz))
	last := -1
	for i, v := range w {
		if v != 0 {
			e.Uint(uint64(i - last))
			e.Float32(float64(v))
			last = i
		}
	}
}

// Sparse reads what Encoder.Sparse wrote into a vector of n entries, and
// fails with ErrCorrupt on an index out of range.
func (d *Decoder) Sparse(n int) ([]float32, error) {
	w := make([]float32, n)
	nz := d.Count(5)
	pos := -1
	for range nz {
		step := d.Uint()
		v := d.Float32()
		if d.Err() != nil {
			break
		}
		if step == 0 || step > uint64(n-1-pos) {
			return nil, fmt.Errorf("%w: weight index out of range", ErrCorrupt)
		}
		pos += int(step)
		w[pos] = float32(v)
	}
	if d.Err() != nil {
		return nil, d.Err()
	}
	return w, nil
}

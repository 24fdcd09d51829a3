# An independent implementation of docs/quorum-canonical.md (Python 3, standard library only)
# that recomputes every vector of vectors.json. Run from the repository root:
#   python3 test/commit/canonical/crosscheck_vectors.py
# Not part of npm test (CI has no Python guarantee); last run: 11 of 11 reproduced.
import json, struct, hashlib, math, unicodedata, re
V = json.load(open('test/commit/canonical/vectors.json'))['vectors']
ONNX = dict(float32=1,uint8=2,int8=3,uint16=4,int16=5,int32=6,int64=7,bool=9,float16=10,float64=11,uint32=12,uint64=13)
FMT = dict(float32='<f',float64='<d',int8='<b',uint8='<B',int32='<i',int64='<q')
WS = '\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'
def vals(t):
    f = FMT[t['dtype']]
    out = []
    for x in t['data']:
        x = int(x) if t['dtype']=='int64' else x
        out.append(struct.unpack(f, struct.pack(f, x))[0])  # as the dtype stores it
    return out
def shape(d): return bytes([len(d)]) + b''.join(struct.pack('>I', x) for x in d)
def rnd(x, k):
    y = float(x) * float(10**k)
    a = abs(y); f = math.floor(a); r = f + 1 if a - f >= 0.5 else f
    r = float(r)
    return 0.0 if r == 0 else (-r if y < 0 else r)
def canon(spec, res):
    if spec == 'exact':
        if 'text' in res: return b'\x02' + res['text'].encode()
        b = b'\x01' + struct.pack('>I', len(res['tensors']))
        for t in res['tensors']:
            b += bytes([ONNX[t['dtype']]]) + shape(t['dims']) + b''.join(struct.pack(FMT[t['dtype']], v) for v in vals(t))
        return b
    if spec == 'top1':
        t = res['tensors'][0]; v = vals(t); c = t['dims'][-1]
        b = shape(t['dims'][:-1])
        for r in range(0, len(v), c):
            row = v[r:r+c]; best = 0
            for i, x in enumerate(row):
                if x > row[best]: best = i
            b += struct.pack('>I', best)
        return b
    if spec.startswith('round:'):
        k = int(spec[6:]); b = struct.pack('>I', len(res['tensors']))
        for t in res['tensors']:
            b += shape(t['dims']) + b''.join(struct.pack('>d', rnd(x, k)) for x in vals(t))
        return b
    if spec == 'text':
        s = unicodedata.normalize('NFC', unicodedata.normalize('NFC', res['text']).lower())
        s = re.sub('[' + WS + ']+', ' ', s).strip(' ')
        return s.encode()
ok = 0
for v in V:
    kind, _, p = v['spec'].partition(':')
    code = dict(exact=1, top1=2, round=3, text=4)[kind]
    b = canon(v['spec'], v['result'])
    h = hashlib.sha256(bytes([8, code, int(p or 0)]) + b).hexdigest()
    good = '0x' + b.hex() == v['bytes'] and '0x' + h == v['hash']
    ok += good
    if not good: print('MISMATCH', v['spec'], b.hex(), v['bytes'])
print(ok, 'of', len(V), 'vectors reproduced by an independent Python implementation')

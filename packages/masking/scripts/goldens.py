"""Golden numbers for @voxelkit/masking tests. Run with Debian's /usr/bin/python3 (numpy, scipy
1.10, nibabel). nilearn is not installed: its signal.clean steps are spelled out with numpy/scipy
exactly as nilearn 0.10 does them (see the comments)."""
import numpy as np
from scipy import signal as sp

np.set_printoptions(precision=17)


def synth(n=120, p=3):
    t = np.arange(n, dtype=np.float64)[:, None]
    c = np.arange(p, dtype=np.float64)[None, :]
    return np.sin(0.37 * t * (c + 1)) + 0.05 * t * (c - 1) + 0.5 * np.cos(1.3 * t + c)


def detrend(x):  # nilearn signal._detrend(type='linear')
    x = x - x.mean(0)
    r = np.arange(x.shape[0], dtype=np.float64)
    r -= r.mean()
    r /= np.sqrt((r**2).sum())
    return x - np.dot(r, x) * r[:, None]


def zscore(x, ddof=0):
    x = x - x.mean(0)
    s = x.std(0, ddof=ddof)
    s[s < np.finfo(np.float64).eps] = 1
    return x / s


def bw(x, fs, low=None, high=None):  # nilearn signal.butterworth, order 5
    if low is not None and high is not None:
        b, a = sp.butter(5, [high, low], btype='band', fs=fs)
    elif low is not None:
        b, a = sp.butter(5, low, btype='low', fs=fs)
    else:
        b, a = sp.butter(5, high, btype='high', fs=fs)
    return sp.filtfilt(b, a, x, axis=0)


X = synth()
rows = [0, 1, 57, 119]
print('butter band [0.05,0.5]', sp.butter(5, [0.05, 0.5], btype='band'))
print('butter low 0.2', sp.butter(5, 0.2, btype='low'))
print('butter high 0.1', sp.butter(5, 0.1, btype='high'))
print('lfilter_zi band', sp.lfilter_zi(*sp.butter(5, [0.05, 0.5], btype='band')))
print('detrend', detrend(X)[rows].tolist())
print('zscore', zscore(X)[rows].tolist())
print('zscore_sample', zscore(X, 1)[rows].tolist())
m = X.mean(0)
print('psc', (((X - m) / np.abs(m)) * 100)[rows].tolist())
print('low 0.1 tr 2.5', bw(X, 0.4, low=0.1)[rows].tolist())
print('high 0.01 tr 2.5', bw(X, 0.4, high=0.01)[rows].tolist())
print('band 0.01-0.1 tr 2.5', bw(X, 0.4, low=0.1, high=0.01)[rows].tolist())
# clean(detrend=True, standardize='zscore', low_pass=0.1, high_pass=0.01, t_r=2.5, runs=[0]*60+[1]*60)
out = np.empty_like(X)
for r in (0, 1):
    s = X[r * 60:(r + 1) * 60]
    mean = s.mean(0)
    y = bw(detrend(s), 0.4, low=0.1, high=0.01) + mean
    out[r * 60:(r + 1) * 60] = zscore(y)
print('clean runs', out[[0, 1, 59, 60, 119]].tolist())

# ---------------------------------------------------------------------------------------------
# Mask computation and smoothing (nilearn 0.10 masking.compute_background_mask /
# compute_epi_mask / image.smooth_img, spelled out with scipy.ndimage).
from scipy import ndimage
import nibabel as nib


def synth_vol(t):
    i, j, k = np.meshgrid(np.arange(12), np.arange(14), np.arange(10), indexing='ij')
    v = 1000 * np.exp(-((i - 5.5) ** 2 / 9 + (j - 7) ** 2 / 16 + (k - 4.5) ** 2 / 6))
    v = v + 37 * ((i * 7 + j * 3 + k * 5) % 11) + t * ((i + j + k) % 3)
    v[0:2, 0:2, 7:10] += 900
    return v.astype(np.float64)


def border(d, b):
    return np.concatenate([d[:b].ravel(), d[-b:].ravel(), d[:, :b].ravel(), d[:, -b:].ravel(),
                           d[:, :, :b].ravel(), d[:, :, -b:].ravel()])


def lcc(m):
    lab, n = ndimage.label(m)
    if n <= 1:
        return m.astype(bool)
    cnt = np.bincount(lab.ravel())
    cnt[0] = 0
    return lab == cnt.argmax()


def post(mask, opening, connected):
    if opening:
        mask = ndimage.binary_erosion(mask, iterations=opening)
    if connected and mask.any():
        mask = lcc(mask)
    if opening:
        mask = ndimage.binary_dilation(mask, iterations=2 * opening)
        mask = ndimage.binary_erosion(mask, iterations=opening)
    return mask


def smooth(a, affine, fwhm):
    a = a.copy()
    a[~np.isfinite(a)] = 0
    vox = np.sqrt(np.sum(affine[:3, :3] ** 2, axis=0))
    sig = np.asarray(fwhm, dtype=float) / (np.sqrt(8 * np.log(2)) * vox)
    for n, s in enumerate(sig):
        if s > 0:
            ndimage.gaussian_filter1d(a, s, output=a, axis=n)
    return a


def epi(mean, opening=2, connected=True, lower=0.2, upper=0.85):
    if opening:
        mean = smooth(mean, np.eye(4), 1)
    s = np.sort(mean.ravel())
    lo = int(np.floor(lower * len(s)))
    up = min(int(np.floor(upper * len(s))), len(s) - 1)
    d = s[lo + 1:up + 1] - s[lo:up]
    ia = d.argmax()
    th = 0.5 * (s[ia + lo] + s[ia + lo + 1])
    return post(mean >= th, opening, connected)


def summary(name, m):
    idx = np.flatnonzero(m.ravel(order='C'))  # C-order positions (i slowest)
    print(name, int(m.sum()), int(idx.sum()), int((idx.astype(np.int64) ** 2).sum()))


mean = np.mean([synth_vol(t) for t in range(3)], axis=0)
summary('synth background', post(mean != np.median(border(mean, 2)), False, False))
summary('synth background connected opening1', post(mean != np.median(border(mean, 2)), 1, True))
summary('synth epi', epi(mean))
summary('synth epi no opening', epi(mean, opening=0))
summary('synth epi no opening, not connected', epi(mean, opening=0, connected=False))
aff = np.array([[2., 0, 0, 0], [0, 3, 0, 0], [0, 0, 2.5, 0], [0, 0, 0, 1]])
sm = smooth(synth_vol(0), aff, 6)
print('smooth fwhm 6', [float(sm[5, 7, 4]), float(sm[0, 0, 0]), float(sm[11, 13, 9]), float(sm[3, 2, 8])])
sm2 = smooth(synth_vol(0), aff, [4, 0, 20])
print('smooth fwhm [4,0,20]', [float(sm2[5, 7, 4]), float(sm2[0, 0, 0]), float(sm2[11, 13, 9])])

d = '/work/shared/data/haxby-slice/haxby2001-slice/subj1/'
b = np.asarray(nib.load(d + 'bold.nii.gz').dataobj).astype(np.float64)
hm = b.mean(-1)
summary('haxby background', post(hm != np.median(border(hm, 2)), False, False))
summary('haxby epi no opening', epi(hm, opening=0))
summary('haxby epi', epi(hm))

# NiftiMasker(mask_img=mask4_vt, detrend=True, standardize='zscore', low_pass=0.1,
# high_pass=0.01, t_r=2.5, runs=chunks) on the real Haxby slice, in float64.
md = np.asarray(nib.load(d + 'mask4_vt.nii.gz').dataobj) != 0
Xh = b[md].T  # (1452, 530), C order over (i, j, k)
chunks = np.loadtxt(d + 'labels.txt', skiprows=1, dtype=str)[:, 1].astype(int)
out = np.empty_like(Xh)
for r in np.unique(chunks):
    s = Xh[chunks == r]
    mean = s.mean(0)
    out[chunks == r] = zscore(bw(detrend(s), 0.4, low=0.1, high=0.01) + mean)
print('haxby clean rows 0,1,700,1451 cols 0,1,529', out[[0, 1, 700, 1451]][:, [0, 1, 529]].tolist())

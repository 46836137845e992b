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

# numpy 1.24 (Debian's /usr/bin/python3) printing arrays and scalars with its default print
# options; makes py-print.golden.json for py-print.test.ts. The inputs are rational values that
# IEEE division gives identically in numpy and JavaScript. Run: python3 py-print.golden.py
import numpy as np, json
out={}
def gen(n, mul=7919, mod=1000, off=500, div=137.0):
    i=np.arange(n); return ((i*mul)%mod - off)/div
a=gen(1452*530).reshape(1452,530); out['f64_fixed']=str(a)
b=a.astype(np.float32); b[0,2]=np.float32(0.0010802227); out['f32_exp']=str(b)
c=gen(530,mul=31,mod=997,off=498,div=9973.0).reshape(1,530); out['coef']=str(c)
out['cv5']=str(np.array([29/44,34/43,34/43,28/43,29/43]))
out['logo']=str(np.array([16/18,11/18,15/18,14/18,10/18,1.0,10/18,15/18,10/18,12/18,12/18,17/18]))
out['ints']=str(np.array([54,55]))
out['ints_long']=str(np.arange(0,300,7))
labs=np.array((['face']*9+['cat']*9)*12)
out['strs']=str(labs)
out['small']=str(np.array([1.0,2.5,-0.125]))
out['tie']=str(np.array([0.001953125, 1.0]))
out['big']=str(np.array([1e9, 1.0]))
out['zeros']=str(np.zeros(4))
out['f32_small']=str(np.array([0.1,0.2,1/3],dtype=np.float32))
out['floats']=[repr(float(x)) for x in [0.5,1.0,2/3,1e-5,1.5e16,123456789012345.6,-0.0,0.0001,1e22,29/44]]
f32=np.float32
out['nonfinite']=str(np.array([np.nan, 1.5, -np.inf]))
out['nonfinite_wide']=str(np.array([np.nan, 123.25, np.inf]))
out['nonfinite_exp']=str(np.array([1e-5, np.nan, 1.0]))
out['nonfinite_exp_neg']=str(np.array([1e-5, -np.inf, 2.5], dtype=f32))
out['all_nan']=str(np.array([np.nan, np.inf]))
out['pixdim_f32']=str(np.array([-1, 3.5, 3.75, 3.75, 1, 1, 1, 1], dtype=f32))
out['neg_zero_f32']=str(np.array([-1, 0, -0.0, 80], dtype=f32))
out['f32_scalars']=[str(f32(x)) for x in [0.46728683, -0.0, 1e-5, 123456789.0, 0.1, 2.5e-5, 1e16]]
out['f64_scalar_1e16']=str(np.float64(1e16))
# the header dumper and the estimator repr print these through the same functions
json.dump(out,open('py-print.golden.json','w'),indent=1)

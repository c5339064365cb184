/** Constant tables of GSM 06.10 section 5.3 (tables 5.1 to 5.6). */

/** Quantization of the log-area ratios: scale, offset and range of each of the 8 coefficients. */
export const LAR_A = Int16Array.of(20480, 20480, 20480, 20480, 13964, 15360, 8534, 9036);
export const LAR_B = Int16Array.of(0, 0, 2048, -2560, 94, -1792, -341, -1144);
export const LAR_MIC = Int16Array.of(-32, -32, -16, -16, -8, -8, -4, -4);
export const LAR_MAC = Int16Array.of(31, 31, 15, 15, 7, 7, 3, 3);
/** 1/A, for decoding the coded log-area ratios. */
export const LAR_INVA = Int16Array.of(13107, 13107, 13107, 13107, 19223, 17476, 31454, 29708);

/** Decision levels and quantized values of the long-term prediction gain. */
export const DLB = Int16Array.of(6554, 16384, 26214, 32767);
export const QLB = Int16Array.of(3277, 11469, 21299, 32767);

/** Inverse mantissa for RPE quantization, and the mantissa for its inverse. */
export const NRFAC = Int16Array.of(29128, 26215, 23832, 21846, 20165, 18725, 17476, 16384);
export const FAC = Int16Array.of(18431, 20479, 22527, 24575, 26623, 28671, 30719, 32767);

export { RunForm } from './RunForm';
export type { RunFormProps } from './RunForm';
export { AccountPicker } from './AccountPicker';
export type { AccountPickerProps } from './AccountPicker';
export { TimeRangeField } from './TimeRangeField';
export type { TimeRangeFieldProps } from './TimeRangeField';
export { RegionField, regionChoice, regionsOf } from './RegionField';
export type { RegionFieldProps, RegionChoice } from './RegionField';

// This page's browser specs, as one jest file: Strapi's modules load once for all of them
// (tests/helpers/spec-group.ts).
import { describeSpecsIn } from '../../helpers/spec-group';

describeSpecsIn(__dirname);

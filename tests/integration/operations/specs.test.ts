// This folder's short specs, as one jest file that loads Strapi once (tests/helpers/spec-group.ts).
import { describeSpecsIn } from '../../helpers/spec-group';

describeSpecsIn(__dirname);

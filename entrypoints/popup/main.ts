import '../../components/ui/theme.css';
import { prefetchOpening } from '../../components/vault/vaultOpening';

// This chunk holds only the first message and what sends it: the background then works on the
// status and first rows while the rest of the popup loads, compiles and mounts.
prefetchOpening();

void import('./startPopup');

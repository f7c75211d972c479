import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  name: { display: 'flex', minWidth: 0, whiteSpace: 'nowrap' },
  head: { overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 },
  tail: { flex: 'none' },
});

/** Where an ARN or path names the resource itself: after its last `/` or `:`, at most 28 characters. */
export function tailOf(uid: string): string {
  const cut = Math.max(uid.lastIndexOf('/'), uid.lastIndexOf(':'));
  const tail = cut >= 0 && cut < uid.length - 1 ? uid.slice(cut) : '';
  return tail.length > 28 ? uid.slice(-28) : tail;
}

/**
 * A resource's id (an ARN, an instance id) in a narrow column: when it is cut, the cut is in the middle,
 * so the part that names the resource (`.../i-0abc123`) stays visible; the whole id is the tooltip.
 *
 * @internal
 */
export function ResourceName(props: { uid: string; maxWidth: number }) {
  const classes = useStyles();
  const tail = tailOf(props.uid);
  return (
    <span
      className={classes.name}
      style={{ maxWidth: props.maxWidth }}
      title={props.uid}
    >
      <span className={classes.head}>
        {props.uid.slice(0, props.uid.length - tail.length)}
      </span>
      <span className={classes.tail}>{tail}</span>
    </span>
  );
}

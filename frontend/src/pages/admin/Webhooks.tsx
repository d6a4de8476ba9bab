import { useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  PER_PAGE,
  useWebhook,
  useWebhookActions,
  useWebhookDeliveries,
  useWebhookEventTypes,
  useWebhooks,
} from '../../api/integrations';
import { describeError } from '../../api/problem';
import type { CreateWebhook, CreatedWebhook, Delivery, Webhook } from '../../api/types';
import { Confirm } from '../../components/Confirm';
import { DataTable } from '../../components/DataTable';
import { CreatePanel, Field, FormFooter } from '../../components/FormParts';
import { SecretOnce } from '../../components/SecretOnce';
import { useSecretCreation } from '../../components/useSecretCreation';
import { ErrorMessage, Loading, type Outcome, OutcomeFlash } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import { formErrors } from '../../lib/fieldErrors';
import { formatStamp, isDeliveryStatus, pageParam } from '../../lib/integrations';
import { NotFound } from '../NotFound';

function useErrorText() {
  const { t } = useI18n();
  return (error: unknown): string => {
    const { key, params, detail } = describeError(error);
    return detail ? `${t(key, params)} ${detail}` : t(key, params);
  };
}

/** Webhook subscriptions (admins): the list, a new one with its signing secret once, on/off, delete. */
export function Webhooks() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = pageParam(params.get('page'));
  const list = useWebhooks(page);
  const location = useLocation();
  // A subscription deleted on its own page comes back here with its address, said once.
  const [outcome, setOutcome] = useState<Outcome>(() => {
    const url = deletedUrl(location.state);
    return url === null ? null : { ok: true, text: t('hooks.deleted', { url }) };
  });
  const total = list.data?.total ?? 0;

  return (
    <div className="page wide integrations">
      <div className="page-head">
        <div>
          <h1>{t('hooks.title')}</h1>
          <p className="lead">{t('hooks.intro')}</p>
        </div>
      </div>

      <CreateWebhookForm />

      <section aria-labelledby="hooks-list-heading">
        <h2 id="hooks-list-heading">{t('hooks.list')}</h2>
        <OutcomeFlash outcome={outcome} />
        {total > 0 ? <p className="muted">{total === 1 ? t('hooks.countOne') : t('hooks.count', { count: total })}</p> : null}
        <DataTable
          query={list}
          items={list.data?.items}
          caption={t('hooks.list')}
          className="hooks-table"
          empty={t('hooks.empty')}
          columns={[t('hooks.url'), t('hooks.eventTypes'), t('hooks.event'), t('hooks.state'), t('apps.actions')]}
          row={(hook) => (
            <tr key={hook.id} className={hook.active ? undefined : 'row-inactive'}>
              <th scope="row" className="break">
                <Link to={`/admin/webhooks/${String(hook.id)}`}>{hook.url}</Link>
                {hook.description ? <span className="muted small block">{hook.description}</span> : null}
              </th>
              <td data-label={t('hooks.eventTypes')}>
                <EventTypeList types={hook.event_types} />
              </td>
              <td data-label={t('hooks.event')}>{hook.event ?? t('tokens.allEvents')}</td>
              <td data-label={t('hooks.state')}>
                <HookState hook={hook} />
              </td>
              <td>
                <HookActions hook={hook} onOutcome={setOutcome} />
              </td>
            </tr>
          )}
          paging={{
            page,
            total,
            perPage: PER_PAGE,
            onPage: (next) => {
              setParams({ page: String(next) });
            },
          }}
        />
      </section>
    </div>
  );
}

/** The address a deletion handed over in the router's location state, if it did. */
function deletedUrl(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('deleted' in state)) return null;
  const url: unknown = state.deleted;
  return typeof url === 'string' ? url : null;
}

function EventTypeList({ types }: { types: string[] }) {
  return (
    <ul className="scope-list">
      {types.map((type) => (
        <li key={type}>
          <code>{type}</code>
        </li>
      ))}
    </ul>
  );
}

function HookState({ hook }: { hook: Webhook }) {
  const { t } = useI18n();
  return (
    <>
      <span className={`chip ${hook.active ? 'token-active' : 'token-revoked'}`}>
        {hook.active ? t('hooks.active') : t('hooks.inactive')}
      </span>
      {hook.disabled_reason ? <span className="muted small block">{t('hooks.disabledBecause', { reason: hook.disabled_reason })}</span> : null}
    </>
  );
}

/** Activate or deactivate (PATCH `active`) and delete, with a confirmation before deleting. */
function HookActions({
  hook,
  onOutcome,
  onDeleted,
}: {
  hook: Webhook;
  onOutcome: (o: Outcome) => void;
  onDeleted?: () => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { update, remove } = useWebhookActions();
  const [confirming, setConfirming] = useState(false);
  const busy = update.isPending || remove.isPending;

  const toggle = () => {
    onOutcome(null);
    update.mutate(
      { id: hook.id, body: { active: !hook.active } },
      {
        onSuccess: (next) => {
          onOutcome({ ok: true, text: t(next.active ? 'hooks.activated' : 'hooks.deactivated', { url: next.url }) });
        },
        onError: (error) => {
          onOutcome({ ok: false, text: `${hook.url}: ${errorText(error)}` });
        },
      },
    );
  };

  const del = () => {
    remove.mutate(hook.id, {
      onSuccess: () => {
        setConfirming(false);
        // From its own page the list says so (the page, and what it shows, goes away).
        if (onDeleted) onDeleted();
        else onOutcome({ ok: true, text: t('hooks.deleted', { url: hook.url }) });
      },
      onError: (error) => {
        onOutcome({ ok: false, text: `${hook.url}: ${errorText(error)}` });
      },
    });
  };

  if (confirming) {
    return (
      <Confirm
        question={t('hooks.confirmDelete')}
        yes={t('hooks.deleteYes')}
        busy={busy}
        onYes={del}
        onCancel={() => {
          setConfirming(false);
        }}
      />
    );
  }
  return (
    <div className="row-actions">
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={busy}
        aria-label={`${hook.active ? t('hooks.deactivate') : t('hooks.activate')}: ${hook.url}`}
        onClick={toggle}
      >
        {hook.active ? t('hooks.deactivate') : t('hooks.activate')}
      </button>
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={busy}
        aria-label={`${t('hooks.delete')}: ${hook.url}`}
        onClick={() => {
          setConfirming(true);
        }}
      >
        {t('hooks.delete')}
      </button>
    </div>
  );
}

interface Draft {
  url: string;
  description: string;
  eventTypes: string[];
  event: string;
}

const EMPTY: Draft = { url: '', description: '', eventTypes: [], event: '' };

function toCreate(draft: Draft): CreateWebhook {
  return {
    url: draft.url.trim(),
    event_types: draft.eventTypes,
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    ...(draft.event.trim() ? { event: draft.event.trim() } : {}),
  };
}

/** The catalogue grouped by resource (`delegate.created` → `delegate`), in the catalogue's order. */
function groupTypes(types: readonly string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const type of types) {
    const resource = type.split('.')[0] ?? type;
    groups.set(resource, [...(groups.get(resource) ?? []), type]);
  }
  return [...groups];
}

function CreateWebhookForm() {
  const { t } = useI18n();
  const { create } = useWebhookActions();
  const catalogue = useWebhookEventTypes();
  const { draft, setDraft, update, open, setOpen, created, dismiss, onSubmit } = useSecretCreation<
    Draft,
    CreateWebhook,
    CreatedWebhook
  >(
    EMPTY,
    toCreate,
    create.mutate,
  );
  const { errorFor, others } = formErrors(create.error, ['url', 'event_types', 'event', 'description']);

  const toggleType = (type: string, on: boolean) => {
    setDraft((d) => ({
      ...d,
      eventTypes: on ? [...d.eventTypes.filter((x) => x !== type), type] : d.eventTypes.filter((x) => x !== type),
    }));
  };
  const typeBox = (type: string, label: ReactNode) => (
    <label key={type} className="checkbox-field">
      <input
        type="checkbox"
        checked={draft.eventTypes.includes(type)}
        onChange={(e) => {
          toggleType(type, e.target.checked);
        }}
      />
      {label}
    </label>
  );

  return (
    <section aria-labelledby="hook-create-heading" className="create-box">
      {created ? (
        <SecretOnce
          title={t('hooks.createdTitle', { url: created.url })}
          secret={created.secret}
          onDone={dismiss}
        />
      ) : null}
      <CreatePanel id="hook-create-heading" title={t('hooks.create')} open={open} onOpenChange={setOpen} failed={Boolean(create.error)}>
        <form className="form" onSubmit={onSubmit} noValidate>
          <Field id="wh-url" label={t('hooks.url')} error={errorFor('url')} hint={t('hooks.urlHint')}>
            {(props) => (
              <input
                {...props}
                type="url"
                inputMode="url"
                placeholder="https://"
                required
                value={draft.url}
                onChange={(e) => {
                  update({ url: e.target.value });
                }}
              />
            )}
          </Field>
          <fieldset className={errorFor('event_types') ? 'field-invalid' : undefined} aria-describedby={errorFor('event_types') ? 'wh-types-error' : undefined}>
            <legend>{t('hooks.eventTypes')}</legend>
            {catalogue.isPending ? <Loading /> : null}
            {catalogue.isError ? <ErrorMessage error={catalogue.error} onRetry={() => void catalogue.refetch()} /> : null}
            {catalogue.data ? (
              <>
                {typeBox('*', <span><code>*</code> {t('hooks.allTypes')}</span>)}
                <div className="type-groups">
                  {groupTypes(catalogue.data).map(([resource, types]) => (
                    <div key={resource} className="type-group" role="group" aria-label={resource}>
                      {typeBox(`${resource}.*`, <span><code>{resource}.*</code> {t('hooks.allOf', { resource })}</span>)}
                      {types.map((type) => typeBox(type, <code>{type}</code>))}
                    </div>
                  ))}
                </div>
              </>
            ) : null}
            {errorFor('event_types') ? (
              <span className="field-error" id="wh-types-error">
                {errorFor('event_types')}
              </span>
            ) : null}
          </fieldset>
          <div className="grid-2">
            <Field id="wh-event" label={t('hooks.eventFilter')} error={errorFor('event')} hint={t('hooks.eventHint')}>
              {(props) => (
                <input
                  {...props}
                  placeholder="harbin-2026"
                  value={draft.event}
                  onChange={(e) => {
                    update({ event: e.target.value });
                  }}
                />
              )}
            </Field>
            <Field id="wh-description" label={t('hooks.description')} error={errorFor('description')}>
              {(props) => (
                <input
                  {...props}
                  value={draft.description}
                  onChange={(e) => {
                    update({ description: e.target.value });
                  }}
                />
              )}
            </Field>
          </div>
          <FormFooter error={create.error} others={others} pending={create.isPending} submit={t('hooks.submit')} submitting={t('adminP.submitting')} />
        </form>
      </CreatePanel>
    </section>
  );
}

/** One subscription: its facts, on/off and delete, and its delivery log with redelivery. */
export function WebhookPage() {
  const { id: raw } = useParams();
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFound />;
  return <WebhookView key={id} id={id} />;
}

function WebhookView({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const hook = useWebhook(id);
  const navigate = useNavigate();
  const [outcome, setOutcome] = useState<Outcome>(null);

  const back = (
    <p className="back-link">
      <Link to="/admin/webhooks">← {t('hooks.back')}</Link>
    </p>
  );
  if (hook.isPending) return <Loading />;
  if (hook.isError) {
    return (
      <div className="page narrow">
        <ErrorMessage error={hook.error} onRetry={() => void hook.refetch()} />
        {back}
      </div>
    );
  }
  const h = hook.data;
  return (
    <div className="page wide integrations">
      {back}
      <h1 className="break">{h.url}</h1>
      {h.description ? <p className="lead">{h.description}</p> : null}
      <dl className="facts card" aria-label={t('adminP.details')}>
        <div>
          <dt>{t('hooks.state')}</dt>
          <dd>
            <HookState hook={h} />
          </dd>
        </div>
        <div>
          <dt>{t('hooks.eventTypes')}</dt>
          <dd>
            <EventTypeList types={h.event_types} />
          </dd>
        </div>
        <div>
          <dt>{t('hooks.event')}</dt>
          <dd>{h.event ?? t('tokens.allEvents')}</dd>
        </div>
        <div>
          <dt>{t('hooks.created')}</dt>
          <dd>{formatStamp(h.created_at, locale)}</dd>
        </div>
        <div>
          <dt>{t('apps.actions')}</dt>
          <dd>
            <HookActions
              hook={h}
              onOutcome={setOutcome}
              onDeleted={() => {
                void navigate('/admin/webhooks', { state: { deleted: h.url } });
              }}
            />
          </dd>
        </div>
      </dl>
      <OutcomeFlash outcome={outcome} />
      <Deliveries id={h.id} />
    </div>
  );
}

function Deliveries({ id }: { id: number }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = pageParam(params.get('page'));
  const deliveries = useWebhookDeliveries(id, page);
  const [outcome, setOutcome] = useState<Outcome>(null);

  return (
    <section aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">{t('hooks.deliveries')}</h2>
      <OutcomeFlash outcome={outcome} />
      <DataTable
        query={deliveries}
        items={deliveries.data?.items}
        caption={t('hooks.deliveries')}
        className="deliveries-table"
        empty={t('hooks.noDeliveries')}
        columns={[
          t('hooks.deliveryEvent'),
          t('hooks.status'),
          t('hooks.attempts'),
          t('hooks.response'),
          t('hooks.duration'),
          t('hooks.error'),
          t('hooks.when'),
          t('apps.actions'),
        ]}
        row={(delivery) => <DeliveryRow key={delivery.id} hookId={id} delivery={delivery} onOutcome={setOutcome} />}
        paging={{
          page,
          total: deliveries.data?.total ?? 0,
          perPage: PER_PAGE,
          onPage: (next) => {
            setParams({ page: String(next) });
          },
        }}
      />
    </section>
  );
}

function DeliveryRow({
  hookId,
  delivery,
  onOutcome,
}: {
  hookId: number;
  delivery: Delivery;
  onOutcome: (o: Outcome) => void;
}) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const { redeliver } = useWebhookActions();
  const label = `${delivery.event_type} #${String(delivery.id)}`;
  return (
    <tr>
      <th scope="row">
        <code>{delivery.event_type}</code>
        <span className="muted small block">
          {delivery.resource.type} {delivery.resource.id} · #{delivery.id}
          {delivery.redelivery_of != null ? ` · ${t('hooks.redeliveryOf', { id: delivery.redelivery_of })}` : ''}
        </span>
      </th>
      <td data-label={t('hooks.status')}>
        <span className={`chip delivery-${delivery.status}`}>{isDeliveryStatus(delivery.status) ? t(`hooks.dstatus.${delivery.status}`) : delivery.status}</span>
      </td>
      <td data-label={t('hooks.attempts')} className="num">
        {delivery.attempts}
      </td>
      <td data-label={t('hooks.response')}>{delivery.last_status_code ?? '—'}</td>
      <td data-label={t('hooks.duration')}>
        {delivery.last_duration_ms != null ? t('hooks.ms', { ms: delivery.last_duration_ms }) : '—'}
      </td>
      <td data-label={t('hooks.error')} className="break">
        {delivery.last_error ?? '—'}
      </td>
      <td data-label={t('hooks.when')}>
        {formatStamp(delivery.created_at, locale)}
        {delivery.delivered_at ? (
          <span className="muted small block">{t('hooks.deliveredAt', { when: formatStamp(delivery.delivered_at, locale) })}</span>
        ) : null}
        {delivery.status === 'pending' ? (
          <span className="muted small block">{t('hooks.next', { when: formatStamp(delivery.next_attempt_at, locale) })}</span>
        ) : null}
      </td>
      <td>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={redeliver.isPending}
          aria-label={`${t('hooks.redeliver')}: ${label}`}
          onClick={() => {
            onOutcome(null);
            redeliver.mutate(
              { id: hookId, deliveryId: delivery.id },
              {
                onSuccess: (queued) => {
                  onOutcome({ ok: true, text: t('hooks.redelivered', { label, id: queued.id }) });
                },
                onError: (error) => {
                  onOutcome({ ok: false, text: `${label}: ${errorText(error)}` });
                },
              },
            );
          }}
        >
          {t('hooks.redeliver')}
        </button>
      </td>
    </tr>
  );
}
